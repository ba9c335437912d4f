// The Data Map's messages travel with its chunk, not with the bundle the login page loads.
import { addMessages, type Messages } from "../../i18n";

addMessages(import.meta.glob<{ default: Messages }>("../../i18n/locales/*/datamap.json", { eager: true }));
