/** Every error of the browser app, built in one place; each says what happened and what to do. */

/** The page has no element to mount the app in. */
export class MountPointError extends Error {
  override name = 'MountPointError';
  constructor(selector: string) {
    super(`The app needs an element matching "${selector}" to mount in; add <div id="app"></div> to index.html.`);
  }
}

/** A scene module loaded but its default export is not a scene (or a view not a ViewFactory). */
export class SceneModuleError extends Error {
  override name = 'SceneModuleError';
  constructor(id: string, file: string, what: string) {
    super(`scenes/${id}/${file} must default-export ${what}; check its \`export default\`.`);
  }
}

/** A URL option the app does not understand, or a value it cannot take. */
export class AppUrlError extends Error {
  override name = 'AppUrlError';
  constructor(option: string, value: string, expected: string) {
    super(`URL option ${option}=${value} is invalid: expected ${expected}.`);
  }
}
