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

// Collections: "Save" on a card or paper page opens a menu of the viewer's collections (tick to add or
// remove, or start a new list) instead of going to /papers/:id/save; papers already saved say "Saved".
// Logged-out visitors have no CSRF meta tag: their "Save" link goes to the login form as without JavaScript.
document.addEventListener('DOMContentLoaded', () => {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content;
  if (!csrf) return;
  const post = (url, fields) =>
    fetch(url, {
      method: 'POST',
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrf, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
  const problem = async (res) => (await res.json().catch(() => null))?.error ?? `The server answered ${res.status}.`;
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };

  // Deleting a collection asks first.
  for (const form of document.querySelectorAll('form[data-collection-confirm]')) {
    form.addEventListener('submit', (e) => {
      if (!confirm(form.dataset.collectionConfirm)) e.preventDefault();
    });
  }
  // Removing a paper on a collection's page takes its card away in place.
  for (const form of document.querySelectorAll('form[data-collection-remove]')) {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const res = await post(form.action, new FormData(form)).catch(() => null);
      if (res?.ok) form.closest('.collection-item')?.remove();
      else form.submit();
    });
  }

  const links = [...document.querySelectorAll('a[data-save-paper]')];
  if (links.length === 0) return;
  const mark = (link, saved) => {
    link.classList.toggle('saved', saved);
    link.textContent = saved ? 'Saved' : 'Save';
  };
  const ids = [...new Set(links.map((l) => l.dataset.savePaper))];
  for (let i = 0; i < ids.length; i += 200) {
    fetch(`/collections/saved?papers=${encodeURIComponent(ids.slice(i, i + 200).join(','))}`, { headers: { Accept: 'application/json' } })
      .then((res) => (res.ok ? res.json() : null))
      .then((data) => {
        for (const link of links) if (data?.saved[link.dataset.savePaper]) mark(link, true);
      })
      .catch(() => {});
  }

  let open = null;
  const close = () => {
    if (!open) return;
    open.menu.remove();
    open.link.setAttribute('aria-expanded', 'false');
    open = null;
  };
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && open) {
      const { link } = open;
      close();
      link.focus();
    }
  });
  document.addEventListener('click', (e) => {
    if (open && !open.menu.contains(e.target) && e.target !== open.link) close();
  });

  // Draws the menu from the server's answer ({ saved, collections: [{ id, title, public, paperCount, holds }] }).
  // Titles go in as text, never as HTML.
  const render = (menu, link, data, error = '') => {
    mark(link, data.saved);
    const list = el('ul', { className: 'save-menu-list' });
    for (const col of data.collections) {
      const box = el('input', { type: 'checkbox', checked: col.holds });
      box.addEventListener('change', async () => {
        box.disabled = true;
        const res = await post(link.href, { action: box.checked ? 'add' : 'remove', collection_id: String(col.id) }).catch(() => null);
        if (res?.ok) render(menu, link, await res.json());
        else render(menu, link, data, res ? await problem(res) : 'Could not reach the server.');
      });
      list.append(
        el(
          'li',
          {},
          el(
            'label',
            {},
            box,
            ' ',
            col.title,
            ' ',
            el('span', { className: 'muted' }, `${col.public ? 'public' : 'private'} · ${col.paperCount}`),
          ),
        ),
      );
    }
    const input = el('input', { type: 'text', name: 'new_title', placeholder: 'New collection', maxLength: 100, required: true });
    input.setAttribute('aria-label', 'Title of a new private collection');
    const form = el('form', { className: 'save-menu-new' }, input, ' ', el('button', { type: 'submit' }, 'Create'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const res = await post(link.href, { action: 'create', new_title: input.value }).catch(() => null);
      if (res?.ok) render(menu, link, await res.json());
      else render(menu, link, data, res ? await problem(res) : 'Could not reach the server.');
    });
    menu.replaceChildren(
      el('p', { className: 'save-menu-head' }, 'Save to…'),
      data.collections.length ? list : el('p', { className: 'muted' }, 'No collections yet: name one below.'),
      error ? el('p', { className: 'field-error', role: 'alert' }, error) : '',
      form,
      el('a', { href: '/collections' }, 'All your collections'),
    );
  };

  for (const link of links) {
    link.setAttribute('aria-haspopup', 'dialog');
    link.setAttribute('aria-expanded', 'false');
    link.addEventListener('click', async (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      const again = open?.link === link;
      close();
      if (again) return;
      const menu = el('div', { className: 'save-menu' }, 'Loading…');
      menu.setAttribute('role', 'dialog');
      menu.setAttribute('aria-label', 'Save to a collection');
      link.after(menu);
      link.setAttribute('aria-expanded', 'true');
      open = { menu, link };
      const res = await fetch(link.href, { headers: { Accept: 'application/json' } }).catch(() => null);
      if (!res?.ok) {
        location.href = link.href; // the page version says what went wrong
        return;
      }
      if (open?.menu === menu) {
        render(menu, link, await res.json());
        menu.querySelector('input')?.focus();
      }
    });
  }
});

// Upvote buttons: the form works without JavaScript (a POST and a redirect back). Here it becomes an
// instant toggle: the button and count change at once, the request follows, and a failure puts them back
// with the server's message. Each request says what the user wants ("up" or "remove"), and clicks made
// while one is on its way are merged, so the last click wins however fast someone clicks.
{
  const votes = new WeakMap(); // form -> { confirmed: { upvoted, upvotes }, desired, busy }

  const parts = (form) => {
    const button = form.querySelector('button.vote');
    return { button, count: button.querySelector('.count'), field: form.querySelector('input[name="vote"]') };
  };

  const show = (form, upvoted, upvotes) => {
    const { button, count, field } = parts(form);
    button.setAttribute('aria-pressed', String(upvoted));
    button.title = upvoted ? 'Remove your upvote' : 'Upvote';
    count.textContent = String(upvotes);
    field.value = upvoted ? 'remove' : 'up'; // what the next click (or a no-JS submit) asks for
  };

  const complain = (form, message, status) => {
    const holder = form.closest('.votes') ?? form;
    holder.querySelector('.vote-error')?.remove();
    const note = document.createElement('p');
    note.className = 'vote-error';
    note.setAttribute('role', 'alert');
    note.textContent = message + ' ';
    if (status === 401) {
      const login = document.createElement('a');
      login.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
      login.textContent = 'Log in';
      note.append(login);
    }
    holder.append(note);
    setTimeout(() => note.remove(), 8000);
  };

  const sync = async (form) => {
    const state = votes.get(form);
    if (state.busy) return; // the running loop picks up the new wish
    state.busy = true;
    try {
      while (state.desired !== state.confirmed.upvoted) {
        const token = document.querySelector('meta[name="csrf-token"]')?.content ?? form.querySelector('input[name="_csrf"]')?.value ?? '';
        let res;
        let body = null;
        try {
          res = await fetch(form.action, {
            method: 'POST',
            headers: { Accept: 'application/json', 'X-CSRF-Token': token },
            body: new URLSearchParams({ vote: state.desired ? 'up' : 'remove' }),
            credentials: 'same-origin',
          });
          body = await res.json().catch(() => null);
        } catch {
          throw Object.assign(new Error('The site could not be reached; your vote was not saved.'), { status: 0 });
        }
        if (!res.ok || !body)
          throw Object.assign(new Error(body?.error ?? `Your vote was not saved (error ${res.status}).`), { status: res.status });
        state.confirmed = { upvoted: body.upvoted, upvotes: body.upvotes };
      }
      show(form, state.confirmed.upvoted, state.confirmed.upvotes); // the server's count, with everyone's votes
    } catch (err) {
      state.desired = state.confirmed.upvoted;
      show(form, state.confirmed.upvoted, state.confirmed.upvotes);
      complain(form, err.message, err.status);
    } finally {
      state.busy = false;
    }
  };

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('vote-form') || !window.fetch) return;
    event.preventDefault();
    const { button, count } = parts(form);
    if (!votes.has(form)) {
      const upvoted = button.getAttribute('aria-pressed') === 'true';
      votes.set(form, { confirmed: { upvoted, upvotes: Number(count.textContent) || 0 }, desired: upvoted, busy: false });
    }
    const state = votes.get(form);
    state.desired = !state.desired;
    const shown = state.confirmed.upvotes + (state.desired === state.confirmed.upvoted ? 0 : state.desired ? 1 : -1);
    show(form, state.desired, shown);
    (form.closest('.votes') ?? form).querySelector('.vote-error')?.remove();
    void sync(form);
  });
}

// Submissions, authorship claims and their admin queue: the forms work without JavaScript (a POST and a
// redirect). Here they stay on the page: the submit button says arXiv is being asked (a lookup takes a few
// seconds), refusals appear next to the form, a claim turns into its status, a decided claim leaves the queue.
document.addEventListener('DOMContentLoaded', () => {
  if (!window.fetch) return;
  const send = async (form) => {
    const token = document.querySelector('meta[name="csrf-token"]')?.content ?? form.querySelector('input[name="_csrf"]')?.value ?? '';
    const res = await fetch(form.action, {
      method: 'POST',
      headers: { Accept: 'application/json', 'X-CSRF-Token': token },
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin',
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(body?.error ?? `The server answered ${res.status}.`);
    return body;
  };
  const failure = (err) => (err instanceof TypeError ? 'The site could not be reached. Try again.' : err.message);
  const say = (holder, className, text) => {
    holder.querySelector(`.${className}`)?.remove();
    const note = document.createElement('p');
    note.className = className;
    note.setAttribute('role', 'alert');
    note.textContent = text;
    holder.append(note);
  };

  for (const form of document.querySelectorAll('form[data-submit-form]')) {
    const error = form.querySelector('[data-form-error]');
    const button = form.querySelector('button[type="submit"]');
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const label = button.textContent;
      button.disabled = true;
      button.textContent = button.dataset.busyLabel || label;
      error.hidden = true;
      try {
        location.href = (await send(form)).url; // the paper's page, with the outcome as its notice
      } catch (err) {
        error.textContent = failure(err);
        error.hidden = false;
        button.disabled = false;
        button.textContent = label;
      }
    });
  }

  for (const form of document.querySelectorAll('form[data-claim-form]')) {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const select = form.querySelector('select[name="position"]');
      const name = select.selectedOptions[0]?.textContent ?? '';
      try {
        await send(form);
        const status = document.createElement('p');
        status.className = 'claim-status claim-pending';
        status.setAttribute('role', 'status');
        status.textContent = `Your claim to be ${name} (author ${Number(select.value) + 1}) is waiting for an administrator.`;
        form.closest('details')?.replaceWith(status);
      } catch (err) {
        say(form, 'field-error', failure(err));
      }
    });
  }

  for (const form of document.querySelectorAll('form[data-claim-decision]')) {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const item = form.closest('.claim-item');
      try {
        await send(form);
        item?.remove();
      } catch (err) {
        say(item ?? form, 'field-error', failure(err));
      }
    });
  }
});

// Comments: the forms work without JavaScript (a POST and a redirect to the new comment; "reply" opens a
// form under the comment through ?reply=n). Here the comment and reply forms post with fetch and the
// rendered comment appears in place, the count follows, refusals show under the form, "reply" opens a
// copy of the comment form under the comment, Preview asks the server, and delete leaves the placeholder.
// Comment HTML comes from the server, rendered and sanitized there; the script never builds it from input.
document.addEventListener('DOMContentLoaded', () => {
  const section = document.getElementById('comments');
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content;
  if (!section || !csrf || !section.querySelector('[data-comment-thread]')) return;
  const thread = section.querySelector('[data-comment-thread]');
  const send = (url, fields) =>
    fetch(url, {
      method: 'POST',
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrf, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    }).catch(() => null);
  const problem = async (res) =>
    res ? ((await res.json().catch(() => null))?.error ?? `The server answered ${res.status}.`) : 'Could not reach the server. Try again.';
  const setCount = (n) => {
    for (const count of document.querySelectorAll('[data-comment-count]')) {
      count.dataset.commentCount = String(n);
      count.textContent = `${n.toLocaleString('en-US')} comment${n === 1 ? '' : 's'}`;
    }
  };
  const fromHtml = (html) => {
    const t = document.createElement('template');
    t.innerHTML = html;
    return t.content.firstElementChild;
  };
  const showError = (form, message) => {
    const box = form.querySelector('.form-error');
    const text = form.querySelector('textarea');
    if (box) {
      box.textContent = message;
      box.hidden = !message;
    }
    if (text) {
      if (message) text.setAttribute('aria-invalid', 'true');
      else text.removeAttribute('aria-invalid');
    }
  };
  // A reply goes after its parent's last descendant; a new top-level comment at the end of the thread.
  const insertComment = (node, parentId) => {
    const parent = parentId ? document.getElementById(`comment-${parentId}`) : null;
    if (!parent) {
      thread.append(node);
      return;
    }
    const depth = Number(parent.dataset.depth);
    let last = parent;
    while (last.nextElementSibling?.matches('.comment') && Number(last.nextElementSibling.dataset.depth) > depth)
      last = last.nextElementSibling;
    last.after(node);
  };

  section.addEventListener('submit', async (e) => {
    const form = e.target;
    if (form.matches('form[data-comment-delete]')) {
      e.preventDefault();
      if (!confirm('Delete this comment? Replies stay, under a [deleted] placeholder.')) return;
      const res = await send(form.action, new FormData(form));
      if (!res?.ok) return alert(await problem(res));
      const data = await res.json();
      const article = form.closest('.comment');
      article.classList.add('comment-gone');
      article.querySelector('.comment-author')?.remove();
      article
        .querySelector('.comment-body')
        ?.replaceWith(Object.assign(document.createElement('p'), { className: 'comment-placeholder muted', textContent: '[deleted]' }));
      article.querySelector('.comment-actions')?.remove();
      article.querySelector('.reply-box')?.remove();
      setCount(data.count);
      return;
    }
    if (!form.matches('form[data-comment-form]')) return;
    e.preventDefault();
    const fields = new FormData(form);
    const previewing = e.submitter?.hasAttribute('data-preview');
    fields.delete('preview');
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => {
      b.disabled = true;
    });
    try {
      if (previewing) {
        const res = await send('/comments/preview', fields);
        const preview = form.querySelector('.comment-preview');
        if (!res?.ok) return showError(form, await problem(res));
        showError(form, '');
        preview.innerHTML = (await res.json()).html;
        preview.hidden = false;
        return;
      }
      const res = await send(form.action, fields);
      if (!res?.ok) return showError(form, await problem(res));
      const data = await res.json();
      // A top-level comment belongs on the last page of a long thread: go there.
      if (!data.parentId && section.querySelector('.pagination [rel="next"]')) {
        location.href = data.permalink;
        return;
      }
      section.querySelector('.comments-empty')?.remove();
      const node = fromHtml(data.html);
      insertComment(node, data.parentId);
      node.classList.add('comment-new');
      node.scrollIntoView({ block: 'nearest' });
      setCount(data.count);
      if (data.parentId) form.closest('.reply-box')?.remove();
      else {
        form.reset();
        showError(form, '');
        form.querySelector('.comment-preview').hidden = true;
      }
    } finally {
      buttons.forEach((b) => {
        b.disabled = false;
      });
    }
  });

  // "reply" opens a copy of the comment form under the comment (the link still works in a new tab).
  const template = section.querySelector(':scope > form[data-comment-form]');
  section.addEventListener('click', (e) => {
    const link = e.target.closest('a[data-reply-to]');
    if (!link || !template || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    const id = link.dataset.replyTo;
    const article = document.getElementById(`comment-${id}`);
    let box = article.querySelector('.reply-box');
    if (!box) {
      const form = template.cloneNode(true);
      form.reset();
      for (const node of form.querySelectorAll('[id]')) node.id = node.id.replace(/-new$/, `-${id}`);
      for (const node of form.querySelectorAll('[for], [aria-describedby]')) {
        if (node.htmlFor) node.htmlFor = node.htmlFor.replace(/-new$/, `-${id}`);
        const described = node.getAttribute('aria-describedby');
        if (described) node.setAttribute('aria-describedby', described.replace(/-new$/, `-${id}`));
      }
      form.querySelector('label').textContent = 'Your reply';
      form.querySelector('label').className = 'sr-only';
      form.querySelector('button[type="submit"]:not([data-preview])').textContent = 'Reply';
      form.querySelector('.comment-preview').hidden = true;
      showError(form, '');
      form.prepend(Object.assign(document.createElement('input'), { type: 'hidden', name: 'parent_id', value: id }));
      const cancel = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Cancel' });
      cancel.addEventListener('click', () => box.remove());
      form.querySelector('.comment-form-actions').append(cancel);
      box = Object.assign(document.createElement('div'), { className: 'reply-box', id: `reply-${id}` });
      box.append(form);
      article.append(box);
    }
    box.querySelector('textarea').focus();
  });
});

// Search: "/" focuses the search box (the page's own, else the header's); on the search page, results follow
// the query and filters as they change (a debounced fetch of the results part), and the address follows them too.
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  const t = event.target;
  if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  const box = document.getElementById('search-q') ?? document.querySelector('.site-search input[name="q"]');
  if (!box) return;
  event.preventDefault();
  box.focus();
  box.select();
});

document.addEventListener('DOMContentLoaded', () => {
  const form = document.querySelector('form[data-instant-search]');
  const results = document.getElementById('search-results');
  if (!form || !results) return;
  let timer = 0;
  let inflight = null;
  let shown = new URLSearchParams(new FormData(form)).toString();
  const refresh = async () => {
    const params = new URLSearchParams(new FormData(form));
    for (const [k, v] of [...params]) if (v === '' || (k === 'sort' && v === 'relevance')) params.delete(k);
    const qs = params.toString();
    if (qs === shown) return;
    shown = qs;
    inflight?.abort();
    inflight = new AbortController();
    try {
      const res = await fetch(`${form.dataset.instantSearch}?${qs}`, { headers: { Accept: 'text/html' }, signal: inflight.signal });
      if (!res.ok) return; // the form still submits normally and shows the error page
      results.innerHTML = await res.text();
      history.replaceState(null, '', qs ? `/search?${qs}` : '/search');
      const header = document.querySelector('.site-search input[name="q"]');
      if (header) header.value = params.get('q') ?? '';
    } catch (err) {
      if (err.name !== 'AbortError') shown = '';
    }
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  };
  form.addEventListener('input', soon);
  form.addEventListener('change', soon);
});
