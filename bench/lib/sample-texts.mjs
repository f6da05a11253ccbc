// Contact texts the load benchmarks send: complaints, thanks, questions and requests, so the
// hub's sentiment and threading do realistic work.
export const SAMPLE_TEXTS = [
  'Hello, my order has not arrived',
  'Thanks a lot, the replacement works great!',
  'This is the third time I am asking. Terrible service.',
  'Can I change the delivery address for order 4711?',
  'I love the new app, but the login is slow sometimes.',
  'Please cancel my subscription.',
];
