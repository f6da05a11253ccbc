// What the hub's inbox must answer for the seeded data: the seeder writes each conversation's
// final inbox fields (conversations.jsonl); this model filters and orders them as the API
// contract describes, so the driver can check every page it measures against it.
//
// Orders: newest (last activity, newest first), most-negative (conversation sentiment, lowest
// first), oldest-waiting (open conversations whose customer awaits an answer, longest first).
// Equal scores are ordered by id, descending with a descending score, ascending otherwise (as a
// Redis sorted set reads them).

import fs from 'node:fs';

const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class InboxModel {
  #orders;

  constructor(conversations) {
    this.conversations = conversations;
    const newest = [...conversations].sort((a, b) => b.lastActivityMs - a.lastActivityMs || -byId(a, b));
    const mostNegative = conversations.filter((c) => c.sentiment !== null)
      .sort((a, b) => a.sentiment - b.sentiment || byId(a, b));
    const oldestWaiting = conversations.filter((c) => c.status === 'open' && c.waitingSinceMs !== null)
      .sort((a, b) => a.waitingSinceMs - b.waitingSinceMs || byId(a, b));
    this.#orders = { newest, 'most-negative': mostNegative, 'oldest-waiting': oldestWaiting };
  }

  static load(file) {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0);
    return new InboxModel(lines.map((line) => JSON.parse(line)));
  }

  /** The first `count` conversations the query lists, in order. */
  expected(query, count) {
    const order = this.#orders[query.sort ?? 'newest'];
    if (!order) throw new Error(`unknown sort ${query.sort}`);
    const found = [];
    for (const conversation of order) {
      if (matches(conversation, query)) {
        found.push(conversation);
        if (found.length === count) break;
      }
    }
    return found;
  }

  /** How many conversations the query lists in all. */
  total(query) {
    return this.#orders[query.sort ?? 'newest'].filter((c) => matches(c, query)).length;
  }
}

function matches(conversation, query) {
  return (query.status === undefined || conversation.status === query.status)
    && (query.channel === undefined || conversation.channel === query.channel)
    && (query.sentiment === undefined || conversation.sentimentLabel === query.sentiment)
    && (query.assignee === undefined || (query.assignee === 'none'
      ? !conversation.assignee : conversation.assignee === query.assignee))
    && (query.customerId === undefined || conversation.customerId === query.customerId);
}
