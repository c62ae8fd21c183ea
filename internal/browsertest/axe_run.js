// Starts axe.run on the page and returns at once. The Go side then calls
// window.__browsertestAxe.poll() until it reports that the run is done.
//
// Why not simply await axe.run: with JavaScript disabled
// (Emulation.setScriptExecutionDisabled), CDP evaluation still works and
// Promise jobs still run, but the browser calls no timer callback. axe waits
// for setTimeout inside every rule, so a plain axe.run never settles. When
// jsOff is true, this script swaps in a setTimeout that only queues the
// callback, and poll() runs the earliest due one; the Go side calls poll() in a
// loop, so it is the event loop that the page does not have. The real timer
// functions are put back when the run ends. With JavaScript on, nothing is
// swapped and poll() only reports the state.
(function (jsOff, options) {
  const state = { done: false, error: null, violations: null };
  let runTimer = () => false;
  let restore = () => {};
  if (jsOff) {
    const saved = {
      setTimeout: window.setTimeout,
      clearTimeout: window.clearTimeout,
      queueMicrotask: window.queueMicrotask,
    };
    const timers = new Map();
    let lastID = 0;
    window.setTimeout = function (fn, ms, ...args) {
      lastID++;
      timers.set(lastID, { fn, args, due: performance.now() + (Number(ms) || 0) });
      return lastID;
    };
    window.clearTimeout = (id) => timers.delete(id);
    window.queueMicrotask = (fn) => Promise.resolve().then(fn);
    restore = () => Object.assign(window, saved);
    // runTimer runs the earliest timer that is due, and reports whether it
    // ran one. Timers that are due at the same time run in the order set.
    runTimer = () => {
      let nextID = 0;
      let next = null;
      for (const [id, timer] of timers) {
        if (timer.due <= performance.now() && (next === null || timer.due < next.due)) {
          nextID = id;
          next = timer;
        }
      }
      if (next === null) return false;
      timers.delete(nextID);
      if (typeof next.fn === 'function') {
        try {
          next.fn(...next.args);
        } catch (e) {
          console.error('browsertest: axe timer callback threw', e);
        }
      }
      return true;
    };
  }

  window.__browsertestAxe = {
    // poll runs at most one timer (so that Promise jobs run in between, as in
    // a real event loop) and reports { ran, done, error, violations }.
    poll() {
      const ran = state.done ? false : runTimer();
      return { ran, done: state.done, error: state.error, violations: state.violations };
    },
  };

  axe
    .run(document, options)
    .then(
      (results) => {
        state.violations = results.violations.map((v) => ({
          id: v.id,
          impact: v.impact || '',
          help: v.help,
          helpUrl: v.helpUrl,
          // A target is a list of selectors (one per iframe or shadow root
          // on the way to the element); join them into one readable string.
          targets: v.nodes.map((n) => n.target.map((s) => [].concat(s).join(' >>> ')).join(' >> ')),
        }));
      },
      (e) => {
        state.error = String((e && e.stack) || e);
      },
    )
    .finally(() => {
      restore();
      state.done = true;
    });
})
