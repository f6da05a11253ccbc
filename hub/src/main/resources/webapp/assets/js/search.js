// Full-text search over messages (GET /api/v1/search): results with marked snippets, filters,
// "More results", keyboard selection. Snippets are put in as text nodes; the matched ranges become
// <mark> elements holding text, so no server text ever becomes markup.
import {get, query} from './api.js';
import {el, fill, time, channelIcon} from './dom.js';

const PAGE = 25;

/** The snippet as text nodes, each highlight range (UTF-16 indexes, end exclusive) in a <mark>. */
export function markedSnippet(snippet, highlights) {
  const text = String(snippet || '');
  const ranges = (highlights || [])
    .filter(range => Number.isInteger(range?.start) && Number.isInteger(range?.end))
    .sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  for (const range of ranges) {
    const end = Math.min(range.end, text.length);
    // out of order, overlapping or empty ranges are skipped rather than trusted
    if (range.start < at || range.start >= end) continue;
    if (range.start > at) parts.push(text.slice(at, range.start));
    parts.push(el('mark', {}, text.slice(range.start, end)));
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

/** A day picked in a date field as the instant it starts (or ends) in the agent's time zone. */
function dayBoundary(value, end) {
  if (!value) return null;
  const day = new Date(value + (end ? 'T23:59:59.999' : 'T00:00:00'));
  return Number.isNaN(day.getTime()) ? null : day.toISOString();
}

export class SearchView {
  constructor(onShown) {
    this.onShown = onShown;
    this.view = document.getElementById('search-view');
    this.filters = document.getElementById('search-filters');
    this.list = document.getElementById('search-list');
    this.count = document.getElementById('search-count');
    this.more = document.getElementById('search-more');
    this.q = '';
    this.items = [];
    this.nextCursor = null;
    this.selectedIndex = -1;
    this.filters.addEventListener('change', () => this.load(false).catch(failure => this.failed(failure)));
    this.filters.addEventListener('submit', event => event.preventDefault());
    this.more.addEventListener('click', () => this.load(true).catch(failure => this.failed(failure)));
    document.getElementById('search-close').addEventListener('click', () => this.close());
    // arrows move through the results as j / k do
    this.list.addEventListener('keydown', event => {
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      event.preventDefault();
      this.move(event.key === 'ArrowDown' ? 1 : -1);
    });
  }

  get active() {
    return !this.view.hidden;
  }

  /** Searches for {@code q} from the first page with the filters as they are. */
  async run(q) {
    this.q = q;
    this.view.hidden = false;
    this.onShown(true);
    await this.load(false).catch(failure => this.failed(failure));
  }

  close() {
    this.view.hidden = true;
    this.items = [];
    this.onShown(false);
    document.getElementById('search').focus();
  }

  params() {
    const form = new FormData(this.filters);
    return {q: this.q, channel: form.get('channel'), from: dayBoundary(form.get('from'), false),
      to: dayBoundary(form.get('to'), true), limit: PAGE};
  }

  async load(append) {
    const params = this.params();
    if (append && this.nextCursor) params.cursor = this.nextCursor;
    this.count.textContent = 'Searching…';
    const page = await get('/api/v1/search' + query(params));
    this.items = append ? this.items.concat(page.items) : page.items;
    this.nextCursor = page.nextCursor || null;
    this.render(append);
  }

  failed(failure) {
    this.items = [];
    this.nextCursor = null;
    fill(this.list);
    this.more.hidden = true;
    this.count.textContent = failure.status === 400 ? 'Nothing to look for: ' + failure.message : 'Search failed: ' + failure.message;
  }

  render(append) {
    const firstNew = append ? this.list.children.length : 0;
    fill(this.list, this.items.map(hit => this.row(hit)));
    this.more.hidden = !this.nextCursor;
    const n = this.items.length;
    this.count.textContent = n === 0 ? 'No messages found for “' + this.q + '”.'
      : (n === 1 ? '1 message' : n + ' messages') + (this.nextCursor ? ' so far' : '') + ' found for “' + this.q + '”.';
    // after "More results" the first new row is selected, so the keyboard carries on from there
    this.select(append && firstNew < n ? firstNew : (n ? 0 : -1), append);
  }

  row(hit) {
    return el('li', {class: 'search-hit', dataset: {conversation: hit.conversationId, message: hit.messageId}},
      el('a', {href: '#/c/' + encodeURIComponent(hit.conversationId) + '/m/' + encodeURIComponent(hit.messageId),
          class: 'row-link', onclick: () => { this.selectedIndex = this.items.indexOf(hit); }},
        el('span', {class: 'row-top'},
          channelIcon(hit.channel),
          el('span', {class: 'customer-name'}, hit.customerName || (hit.customerId ? 'Unnamed customer' : 'Withheld caller')),
          time(hit.at)),
        hit.subject ? el('span', {class: 'row-subject'}, hit.subject) : null,
        el('span', {class: 'snippet'}, markedSnippet(hit.snippet, hit.highlights))));
  }

  select(index, focus = true) {
    const rows = this.list.querySelectorAll('.search-hit');
    rows.forEach(row => row.removeAttribute('aria-current'));
    if (index < 0 || index >= rows.length) {
      this.selectedIndex = -1;
      return;
    }
    this.selectedIndex = index;
    rows[index].setAttribute('aria-current', 'true');
    if (focus) rows[index].querySelector('a').focus();
    else rows[index].scrollIntoView?.({block: 'nearest'});
  }

  move(step) {
    if (this.items.length === 0) return;
    const from = this.selectedIndex < 0 ? -step : this.selectedIndex;
    this.select(Math.max(0, Math.min(this.items.length - 1, from + step)));
  }

  /** Moves the keyboard into the results (from the search box). */
  focusResults() {
    if (this.items.length) this.select(Math.max(0, this.selectedIndex));
  }

  openSelected() {
    const row = this.list.querySelectorAll('.search-hit')[this.selectedIndex];
    row?.querySelector('a').click();
  }
}
