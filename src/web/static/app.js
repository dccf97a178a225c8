// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // The date picker jumps as soon as a date is chosen.
  for (const input of document.querySelectorAll('.date-picker input[type="date"]')) {
    input.addEventListener('change', () => {
      if (input.value) input.form.requestSubmit();
    });
  }
  // "Copy BibTeX" buttons are hidden without JavaScript (the text stays selectable).
  for (const button of document.querySelectorAll('button[data-copy-target]')) {
    const target = document.getElementById(button.dataset.copyTarget);
    if (!target || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      await navigator.clipboard.writeText(target.value ?? target.textContent);
      const label = button.textContent;
      button.textContent = 'Copied';
      setTimeout(() => (button.textContent = label), 1500);
    });
  }
});
