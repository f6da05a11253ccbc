// The queue: one list for every channel, with filters, sorting and keyboard selection.
import {get, query} from './api.js';
import {el, fill, time, channelIcon, sentimentBadge} from './dom.js';

const PAGE = 50;

export class Inbox {
  constructor(session, onOpen) {
    this.session = session;
    this.onOpen = onOpen;
    this.list = document.getElementById('conversation-list');
    this.filters = document.getElementById('filters');
    this.more = document.getElementById('load-more');
    this.items = [];
    this.selected = -1;
    this.openId = null;
    this.nextCursor = null;
    this.filters.addEventListener('change', () => this.reload());
    this.filters.addEventListener('submit', event => event.preventDefault());
    this.more.addEventListener('click', () => this.load(true));
  }

  params() {
    const form = new FormData(this.filters);
    const assignee = form.get('assignee');
    return {
      status: form.get('status'), channel: form.get('channel'), sentiment: form.get('sentiment'),
      assignee: assignee === 'me' ? this.session.username : assignee, sort: form.get('sort'), limit: PAGE,
    };
  }

  reload() {
    this.nextCursor = null;
    return this.load(false);
  }

  /** Reloads soon, once, however many events arrive meanwhile. */
  refreshSoon() {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.reload(), 250);
  }

  async load(append) {
    const params = this.params();
    if (append && this.nextCursor) params.cursor = this.nextCursor;
    const page = await get('/api/v1/conversations' + query(params));
    this.items = append ? this.items.concat(page.items) : page.items;
    this.nextCursor = page.nextCursor || null;
    this.more.hidden = !this.nextCursor;
    this.render();
  }

  render() {
    const selectedId = this.items[this.selected]?.id;
    fill(this.list, this.items.length === 0
      ? el('li', {class: 'muted empty'}, 'Nothing here. New contacts appear as they arrive.')
      : this.items.map((item, index) => this.row(item, index)));
    const index = this.items.findIndex(item => item.id === (selectedId || this.openId));
    this.select(index >= 0 ? index : (this.items.length ? 0 : -1), false);
  }

  row(item, index) {
    const waiting = item.waitingSince && item.status !== 'closed';
    return el('li', {class: 'conversation-row' + (item.id === this.openId ? ' open' : ''), dataset: {id: item.id}},
      el('a', {href: '#/c/' + encodeURIComponent(item.id), class: 'row-link',
          onclick: () => { this.selected = index; }},
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
      this.selected = -1;
      return;
    }
    this.selected = index;
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
