// Where the lessons page gets its lessons and how a scene reaches the frame: on
// the server, the lessons table and the scene's link. An offline lesson file
// serves offline-source.js in this module's place (services/lesson_export.py).

import data from './lessons.json' with { type: 'json' };

export const LESSONS = data.lessons;
export const OFFLINE = false;

/** The lesson's number in the course (from 1). */
export function lessonNumber(index) {
  return index + 1;
}

export function pageSearch() {
  return window.location.search;
}

/** Show the scene whose link (in the language shown) is `link`. */
export function showScene(frame, { link }) {
  if (frame.getAttribute('src') !== link) frame.src = link;
}
