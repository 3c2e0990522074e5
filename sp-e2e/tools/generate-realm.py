"""Writes sp-e2e's Keycloak realm template (the 150 groups are tedious by hand).

Usage: python3 tools/generate-realm.py src/test/resources/keycloak/spgate-realm.json
The ${SP_*} placeholders are filled by KeycloakServer before Keycloak imports the file.
"""
import json
import sys
def mapper(name, kind, attr, oid, friendly, extra=None):
    cfg = {"attribute.nameformat": "URI Reference", "attribute.name": oid, "friendly.name": friendly}
    if kind == "prop":
        m = "saml-user-property-mapper"; cfg["user.attribute"] = attr
    elif kind == "attr":
        m = "saml-user-attribute-mapper"; cfg["user.attribute"] = attr; cfg["aggregate.attrs"] = "false"
    else:
        m = "saml-group-membership-mapper"; cfg["full.path"] = "false"; cfg["single"] = "true"  # Keycloak: true = ONE Attribute with many values
    if extra: cfg.update(extra)
    return {"name": name, "protocol": "saml", "protocolMapper": m, "consentRequired": False, "config": cfg}

research = ["research-group-%03d-analytics" % i for i in range(1, 151)]
groups = ["staff", "library-users", "r&d;lab"] + research
def user(name, first, last, email, eppn, display, grps):
    return {"username": name, "enabled": True, "emailVerified": True, "email": email,
            "firstName": first, "lastName": last,
            "attributes": {"eppn": [eppn], "displayName": [display]},
            "credentials": [{"type": "password", "value": name + "-password", "temporary": False}],
            "groups": ["/" + g for g in grps], "requiredActions": [],
            # Imported users get no default roles by themselves; without them the account
            # console's REST calls answer 401.
            "realmRoles": ["default-roles-spgate"]}
realm = {
  "realm": "spgate", "enabled": True, "displayName": "spgate e2e",
  "sslRequired": "none", "loginWithEmailAllowed": False, "registrationAllowed": False,
  "bruteForceProtected": False, "internationalizationEnabled": False,
  "groups": [{"name": g} for g in groups],
  "users": [
    user("alice", "Alice", "Liddell", "alice@example.org", "alice@example.org", "Alice Liddell", ["staff", "library-users"]),
    user("bob", "Bob", "Builder", "bob@example.org", "bob@example.org", "Bob Builder", ["staff", "r&d;lab"]),
    user("grace", "Grâce", "Hopper-Ünal", "grace@example.org", "grace@example.org", "Grâce Hopper-Ünal", research),
  ],
  "clients": [{
    "clientId": "${SP_ENTITY_ID}", "name": "spgate (e2e)", "protocol": "saml", "enabled": True,
    "frontchannelLogout": True, "fullScopeAllowed": True,
    "rootUrl": "${SP_BASE_URL}", "baseUrl": "${SP_BASE_URL}/", "redirectUris": ["${SP_BASE_URL}/*"],
    "attributes": {
      "saml.assertion.signature": "true", "saml.server.signature": "true",
      "saml.server.signature.keyinfo.ext": "false", "saml.client.signature": "false",
      "saml.force.post.binding": "true", "saml.authnstatement": "true",
      "saml_force_name_id_format": "true", "saml_name_id_format": "persistent",
      "saml.signature.algorithm": "RSA_SHA256",
      "saml_signature_canonicalization_method": "http://www.w3.org/2001/10/xml-exc-c14n#",
      "saml_assertion_consumer_url_post": "${SP_ACS_URL}",
      "saml_single_logout_service_url_redirect": "${SP_BASE_URL}/Shibboleth.sso/SLO/Redirect",
      "saml.encrypt": "false"},
    "protocolMappers": [
      mapper("mail", "prop", "email", "urn:oid:0.9.2342.19200300.100.1.3", "mail"),
      mapper("givenName", "prop", "firstName", "urn:oid:2.5.4.42", "givenName"),
      mapper("sn", "prop", "lastName", "urn:oid:2.5.4.4", "sn"),
      mapper("uid", "prop", "username", "urn:oid:0.9.2342.19200300.100.1.1", "uid"),
      mapper("eppn", "attr", "eppn", "urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "eduPersonPrincipalName"),
      mapper("displayName", "attr", "displayName", "urn:oid:2.16.840.1.113730.3.1.241", "displayName"),
      mapper("entitlement", "group", None, "urn:oid:1.3.6.1.4.1.5923.1.1.1.7", "eduPersonEntitlement"),
    ]}],
}
json.dump(realm, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
open(sys.argv[1], "a").write("\n")
