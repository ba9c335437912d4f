// The Data Map's messages travel with its chunk, not with the bundle the login page loads.
import { addPageMessages } from "../../i18n";

addPageMessages(import.meta.glob("../../i18n/locales/*/datamap.json", { eager: true }));
