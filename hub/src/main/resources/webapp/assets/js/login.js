// A signed-in visitor never gets here: the hub redirects /login to the inbox.
import {signIn} from './api.js';

const form = document.getElementById('login-form');
const error = document.getElementById('login-error');

form.addEventListener('submit', async event => {
  event.preventDefault();
  error.textContent = '';
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    await signIn(form.username.value, form.password.value);
    window.location.assign('/');
  } catch (failure) {
    error.textContent = failure.status === 429
      ? 'Too many attempts. Wait a moment and try again.'
      : failure.status === 401 ? 'Wrong username or password.' : failure.message;
    form.password.select();
  } finally {
    button.disabled = false;
  }
});
