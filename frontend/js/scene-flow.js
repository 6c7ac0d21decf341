// Scene traffic: at most one scene in flight plus the latest pending one.
//
// Moving a slider asks for a scene on every `input` event. Sending each would
// build a backlog the server must cancel chunk by chunk, so instead: while a
// scene is in flight, further requests only mark "pending"; when the in-flight
// scene's `done` (or `error`) arrives, ONE new scene is built from the state as
// it is then. Answers carrying another id are stale and dropped.

const SILENCE_MS = 15000; // no frame for this long: treat the scene as lost

/**
 * stream: {send(msg) -> bool, reconnect()}; build(withLandscape) -> {landscape, trajectories};
 * landscapeKey() -> string identifying the landscape the state asks for;
 * onFrame(frame, {landscapeSent}) for frames of the current scene;
 * onBusy(bool) when a scene starts or ends.
 */
export function createSceneFlow({ stream, build, landscapeKey, onFrame, onBusy }) {
  let nextId = 1;
  let inFlight = null; // {id, landscapeKey}
  let pending = false;
  let shownKey = null; // the landscape on screen (or in flight)
  let watchdog = 0;

  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      inFlight = null;
      pending = true;
      shownKey = null;
      stream.reconnect();
    }, SILENCE_MS);
  };

  const send = () => {
    const key = landscapeKey();
    const withLandscape = key !== shownKey;
    const body = build(withLandscape);
    const id = nextId++;
    if (!stream.send({ type: 'scene', id, ...body })) {
      pending = true; // sent on reconnect
      return;
    }
    inFlight = { id, landscapeKey: withLandscape ? key : null, trajectories: Boolean(body.trajectories) };
    if (withLandscape) shownKey = key;
    pending = false;
    arm();
    onBusy(true);
  };

  const finish = () => {
    clearTimeout(watchdog);
    inFlight = null;
    if (pending) send();
    else onBusy(false);
  };

  return {
    /** Ask for a scene reflecting the current state. */
    request() {
      if (inFlight) pending = true;
      else send();
    },
    /** Forget what the server showed: the next scene carries the landscape again. */
    invalidateLandscape() {
      shownKey = null;
    },
    /** The socket (re)opened: whatever was in flight is lost; ask again. */
    reopened() {
      clearTimeout(watchdog);
      inFlight = null;
      shownKey = null;
      send();
    },
    /** The socket closed: nothing is in flight any more. */
    lost() {
      clearTimeout(watchdog);
      if (inFlight) pending = true;
      inFlight = null;
      onBusy(false);
    },
    handle(frame) {
      if (!inFlight) return;
      // Validation errors come before the server has read the id (id: null).
      const mine = frame.id === inFlight.id || (frame.type === 'error' && frame.id == null);
      if (!mine) return;
      arm();
      const context = { landscapeSent: inFlight.landscapeKey !== null, withTrajectories: inFlight.trajectories };
      if (frame.type === 'error' && inFlight.landscapeKey !== null) shownKey = null;
      onFrame(frame, context);
      const last = frame.type === 'done' || frame.type === 'error' || (frame.type === 'landscape' && !context.withTrajectories);
      if (last) finish();
    },
    get busy() {
      return inFlight !== null;
    },
    get lastId() {
      return nextId - 1;
    },
  };
}
