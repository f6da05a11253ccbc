// Live domain events over SSE. EventSource reconnects by itself and resumes with Last-Event-ID.
import {announce} from './dom.js';

const TYPES = ['contact.received', 'conversation.created', 'conversation.updated', 'message.created',
  'message.sent', 'message.failed', 'message.sentiment_corrected', 'note.created', 'customer.created', 'customer.merged', 'customer.split',
  'sentiment.alert', 'call.started', 'call.ended', 'screen-pop', 'presence'];

export function connect(onEvent) {
  const source = new EventSource('/api/v1/events');
  source.addEventListener('open', () => announce('live'));
  source.addEventListener('error', () => announce(source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting…'));
  for (const type of TYPES) {
    source.addEventListener(type, message => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      onEvent(type, event.data || {});
    });
  }
  return source;
}
