package cn.smedt.hub.cloud;

/**
 * A SaaS application an enterprise uses on the platform.
 *
 * @param appId    the platform's id of the application
 * @param name     display name (e.g. 云MES)
 * @param scenario business scenario code it serves (e.g. {@code ORDER}, {@code INVENTORY}); null when not given
 */
public record SaasApp(String appId, String name, String scenario) {
}
