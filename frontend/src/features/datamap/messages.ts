// The Data Map's messages travel with its chunk, not with the bundle the login page loads.
import i18n, { bundledResources, type Messages } from "../../i18n";

const files = import.meta.glob<Messages>("../../i18n/locales/*/datamap.json", { eager: true });
for (const [language, namespaces] of Object.entries(bundledResources(files))) {
  for (const [namespace, messages] of Object.entries(namespaces)) i18n.addResourceBundle(language, namespace, messages, true, true);
}
