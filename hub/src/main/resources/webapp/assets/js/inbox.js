// The queue: one list for every channel, with filters, sorting and keyboard selection.
import {get, query} from './api.js';
import {el, fill, time, channelIcon, sentimentBadge} from './dom.js';

const PAGE = 50;
/** The API's largest page. */
const MAX_PAGE = 100;

export class Inbox {
  constructor(session, onOpen) {
    this.session = session;
    this.onOpen = onOpen;
    this.list = document.getElementById('conversation-list');
    this.filters = document.getElementById('filters');
    this.more = document.getElementById('load-more');
    this.items = [];
    // the selection is a conversation, not a row index: rows move when contacts arrive
    this.selectedId = null;
    this.openId = null;
    this.nextCursor = null;
    this.filters.addEventListener('change', () => this.reload());
    this.filters.addEventListener('submit', event => event.preventDefault());
    this.more.addEventListener('click', () => this.load(true));
  }

  params(limit = PAGE) {
    const form = new FormData(this.filters);
    const assignee = form.get('assignee');
    return {
      status: form.get('status'), channel: form.get('channel'), sentiment: form.get('sentiment'),
      assignee: assignee === 'me' ? this.session.username : assignee, sort: form.get('sort'), limit,
    };
  }

  /** From the first page, with other filters: back to one page. */
  reload() {
    this.nextCursor = null;
    return this.load(false);
  }

  /** Reloads soon, once, however many events arrive meanwhile; keeps as many rows as were loaded. */
  refreshSoon() {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh().catch(() => {}), 250);
  }

  /**
   * Reloads the rows shown so far ("Load more" pages included), in as few calls as the API allows;
   * when every row was shown, new ones are added rather than pushing old ones out.
   */
  async refresh() {
    const wanted = Math.max(PAGE, this.nextCursor ? this.items.length : this.items.length + PAGE);
    let items = [];
    let cursor = null;
    for (let calls = 0; calls < Math.ceil(wanted / MAX_PAGE) + 1 && items.length < wanted; calls++) {
      const params = this.params(Math.min(MAX_PAGE, wanted - items.length));
      if (cursor) params.cursor = cursor;
      const page = await get('/api/v1/conversations' + query(params));
      items = items.concat(page.items);
      cursor = page.nextCursor || null;
      if (!cursor) break;
    }
    this.show(items, cursor);
  }

  async load(append) {
    const params = this.params();
    if (append && this.nextCursor) params.cursor = this.nextCursor;
    const page = await get('/api/v1/conversations' + query(params));
    this.show(append ? this.items.concat(page.items) : page.items, page.nextCursor || null);
  }

  show(items, nextCursor) {
    this.items = items;
    this.nextCursor = nextCursor;
    this.more.hidden = !this.nextCursor;
    this.render();
  }

  render() {
    const keepFocus = this.list.contains(document.activeElement);
    fill(this.list, this.items.length === 0
      ? el('li', {class: 'muted empty'}, 'Nothing here. New contacts appear as they arrive.')
      : this.items.map(item => this.row(item)));
    const index = this.items.findIndex(item => item.id === (this.selectedId || this.openId));
    this.select(index >= 0 ? index : (this.items.length ? 0 : -1), keepFocus);
  }

  get selected() {
    return this.items.findIndex(item => item.id === this.selectedId);
  }

  row(item) {
    const waiting = item.waitingSince && item.status !== 'closed';
    return el('li', {class: 'conversation-row' + (item.id === this.openId ? ' open' : ''), dataset: {id: item.id}},
      el('a', {href: '#/c/' + encodeURIComponent(item.id), class: 'row-link',
          onclick: () => { this.selectedId = item.id; }},
        el('span', {class: 'row-top'},
          channelIcon(item.channel),
          el('span', {class: 'customer-name'}, item.customerName || (item.customerId ? 'Unnamed customer' : 'Withheld caller')),
          waiting ? el('span', {class: 'waiting', title: 'waiting since ' + item.waitingSince}, 'waiting ', time(item.waitingSince))
            : time(item.lastActivityAt)),
        el('span', {class: 'row-subject'}, item.subject || item.preview || '(no text)'),
        el('span', {class: 'row-meta'},
          sentimentBadge(item.sentiment),
          el('span', {class: 'badge status-' + item.status}, item.status),
          item.assignee ? el('span', {class: 'badge assignee'}, '@' + item.assignee) : el('span', {class: 'badge unassigned'}, 'unassigned'),
          (item.tags || []).map(tag => el('span', {class: 'badge tag'}, tag)))));
  }

  select(index, focus = true) {
    const rows = this.list.querySelectorAll('.conversation-row');
    rows.forEach(row => row.removeAttribute('aria-current'));
    if (index < 0 || index >= rows.length) {
      this.selectedId = null;
      return;
    }
    this.selectedId = this.items[index].id;
    rows[index].setAttribute('aria-current', 'true');
    const link = rows[index].querySelector('a');
    if (focus) link.focus();
    else rows[index].scrollIntoView?.({block: 'nearest'});
  }

  move(step) {
    if (this.items.length === 0) return;
    this.select(Math.max(0, Math.min(this.items.length - 1, (this.selected < 0 ? -step : this.selected) + step)));
  }

  openSelected() {
    const item = this.items[this.selected];
    if (item) this.onOpen(item.id);
  }

  markOpen(id) {
    this.openId = id;
    this.list.querySelectorAll('.conversation-row').forEach(row => row.classList.toggle('open', row.dataset.id === id));
  }
}
