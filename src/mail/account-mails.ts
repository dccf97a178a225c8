// The texts of account mail: verification, password reset, address change, and the notice an
// existing account gets when someone signs up with its address (so sign-up does not reveal accounts).
import type { MailMessage } from './mailer.ts';

export function verificationMail(siteName: string, to: string, link: string): MailMessage {
  return {
    to,
    subject: `Confirm your email for ${siteName}`,
    text: `Welcome to ${siteName}.\n\nConfirm your email address by opening this link (valid for 2 days):\n\n${link}\n\nIf you did not sign up, ignore this mail.\n`,
  };
}

export function alreadyRegisteredMail(siteName: string, to: string, loginLink: string, resetLink: string): MailMessage {
  return {
    to,
    subject: `Sign-up attempt on ${siteName}`,
    text: `Someone (perhaps you) tried to sign up on ${siteName} with this address, which already has an account.\n\nLog in: ${loginLink}\nForgot your password? ${resetLink}\n\nIf it was not you, you can ignore this mail.\n`,
  };
}

export function resetMail(siteName: string, to: string, link: string): MailMessage {
  return {
    to,
    subject: `Reset your ${siteName} password`,
    text: `To choose a new password, open this link (valid for 1 hour, once):\n\n${link}\n\nIf you did not ask for this, ignore this mail: your password stays as it is.\n`,
  };
}

export function changeEmailMail(siteName: string, to: string, link: string): MailMessage {
  return {
    to,
    subject: `Confirm your new email for ${siteName}`,
    text: `Confirm that ${siteName} should use this address for your account by opening this link (valid for 2 days):\n\n${link}\n\nIf you did not ask for this, ignore this mail.\n`,
  };
}
