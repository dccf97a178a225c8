// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
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
