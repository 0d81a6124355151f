// Small DOM helpers shared by the views: an element builder, the two page-wide message
// regions (polite status and alert) and the confirmation dialog.
import { describeError } from './api.js';

/**
 * Builds an element. `attrs` keys starting with "on" become listeners; `dataset`, `class`
 * and boolean attributes are handled; children may be strings, nodes, arrays, null or false.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (name === 'class') {
      el.className = value;
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(parent, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Tells screen-reader users about a change without moving focus (aria-live="polite"). */
export function announce(message) {
  const region = document.getElementById('status');
  // Clearing first makes a repeated message be read again.
  region.textContent = '';
  setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/** Shows a message that needs attention (role="alert"); null hides it. */
export function showAlert(message, kind = 'error') {
  const alert = document.getElementById('alert');
  if (!message) {
    alert.hidden = true;
    alert.querySelector('[data-role="text"]').textContent = '';
    return;
  }
  alert.dataset.kind = kind;
  alert.querySelector('[data-role="text"]').textContent = message;
  alert.hidden = false;
}

/**
 * Asks the person to confirm a destructive action in a modal dialog.
 * Cancel has the initial focus, so pressing Enter by habit loses nothing.
 * @returns {Promise<boolean>} true when confirmed
 */
export function confirmAction({ title, message, confirmLabel }) {
  const dialog = document.getElementById('confirm-dialog');
  dialog.querySelector('#confirm-title').textContent = title;
  dialog.querySelector('#confirm-message').textContent = message;
  dialog.querySelector('[value="confirm"]').textContent = confirmLabel;
  dialog.returnValue = '';
  dialog.showModal();
  dialog.querySelector('[value="cancel"]').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
  });
}

/** Shows a failed call's message in the alert region (see describeError for the wording). */
export function showError(error) {
  showAlert(describeError(error));
}
