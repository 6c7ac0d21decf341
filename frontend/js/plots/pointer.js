// Pointer gestures on the overlay: click sets the start, dragging the start
// marker moves it, dragging elsewhere pans, the wheel zooms. Pixels become data
// coordinates through the overlay's own axes (p2c), so both layers agree.

const CLICK_SLOP_PX = 5;
const START_HIT_PX = 16;

/**
 * getAxes() -> {x0, w, y0, h, toData(px, py), toPixel(x, y)} | null
 * getStart() -> [x, y]
 * handlers: onStart(x, y, phase: 'move'|'end'), onPan(dpx, dpy, phase: 'begin'|'move'|'end')
 * (pixels since the press), onZoom(factor, x, y), onHover(x|null, y)
 */
export function attachPointer(el, { getAxes, getStart, onStart, onPan, onZoom, onHover }) {
  let gesture = null; // {kind: 'start'|'maybe-click'|'pan', id, px, py, last}

  const local = (event) => {
    const rect = el.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };
  const inside = (axes, px, py) => px >= axes.x0 && px <= axes.x0 + axes.w && py >= axes.y0 && py <= axes.y0 + axes.h;

  el.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    const axes = getAxes();
    if (!axes) return;
    const [px, py] = local(event);
    if (!inside(axes, px, py)) return;
    const [sx, sy] = axes.toPixel(...getStart());
    const onMarker = Math.hypot(px - sx, py - sy) <= START_HIT_PX;
    gesture = { kind: onMarker ? 'start' : 'maybe-click', id: event.pointerId, px, py };
    el.setPointerCapture(event.pointerId);
    el.classList.add(onMarker ? 'is-dragging' : 'is-pressing');
    event.preventDefault();
    event.stopPropagation();
  }, { capture: true });

  el.addEventListener('pointermove', (event) => {
    const axes = getAxes();
    if (!axes) return;
    const [px, py] = local(event);
    if (!gesture) {
      onHover(...(inside(axes, px, py) ? axes.toData(px, py) : [null, null]));
      const [sx, sy] = axes.toPixel(...getStart());
      el.classList.toggle('over-start', Math.hypot(px - sx, py - sy) <= START_HIT_PX);
      return;
    }
    if (event.pointerId !== gesture.id) return;
    if (gesture.kind === 'start') {
      onStart(...axes.toData(px, py), 'move');
    } else {
      if (gesture.kind === 'maybe-click' && Math.hypot(px - gesture.px, py - gesture.py) > CLICK_SLOP_PX) {
        gesture.kind = 'pan';
        el.classList.add('is-panning');
        onPan(0, 0, 'begin');
      }
      // Pixel offsets since the press: the caller shifts the window it had then.
      if (gesture.kind === 'pan') onPan(px - gesture.px, py - gesture.py, 'move');
    }
    event.stopPropagation();
  }, { capture: true });

  const end = (event, cancelled) => {
    if (!gesture || event.pointerId !== gesture.id) return;
    const axes = getAxes();
    const kind = gesture.kind;
    gesture = null;
    el.classList.remove('is-dragging', 'is-pressing', 'is-panning');
    if (!axes || cancelled) return;
    const [x, y] = axes.toData(...local(event));
    if (kind === 'start') onStart(x, y, 'end');
    else if (kind === 'maybe-click') onStart(x, y, 'end');
    else onPan(0, 0, 'end');
    event.stopPropagation();
  };
  el.addEventListener('pointerup', (event) => end(event, false), { capture: true });
  el.addEventListener('pointercancel', (event) => end(event, true), { capture: true });
  el.addEventListener('pointerleave', () => {
    if (!gesture) onHover(null, null);
  });

  el.addEventListener('wheel', (event) => {
    const axes = getAxes();
    if (!axes) return;
    const [px, py] = local(event);
    if (!inside(axes, px, py)) return;
    event.preventDefault();
    const lines = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    const factor = Math.exp(Math.max(-300, Math.min(300, lines)) * 0.0015);
    onZoom(factor, ...axes.toData(px, py));
  }, { passive: false });
}
