// Everything heavy that sharing and teaching need, in one module the page loads on demand: the link
// codec (fflate), JSON files, validation (valibot), the gallery's presets and the lessons. Nothing
// here runs at startup unless the address holds a scenario link or a scenario was saved.
export { decodeScenarioFromLink, encodeScenarioToLink } from '../../scenario/link';
export { scenarioFileName, scenarioFromJson, scenarioToJson, MAX_JSON_CHARS } from '../../scenario/json';
export { parseScenario } from '../../scenario/validate';
export { decodeFileText, fileTooLargeMessage, MAX_FILE_BYTES } from '../../scenario/fileText';
export { PRESETS, presetScenario } from '../../scenario/presets';
export { LESSONS, findLesson } from '../../scenario/lessons';
export { LIMITS, TEXT_LIMITS } from '../../scenario/schema';
