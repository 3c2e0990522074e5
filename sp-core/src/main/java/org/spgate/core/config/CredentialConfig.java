package org.spgate.core.config;

import java.nio.file.Path;

/**
 * One SP key pair: a PEM certificate and its PEM private key, both existing files.
 *
 * @param cert the certificate file (published in SP metadata)
 * @param key the private key file
 */
public record CredentialConfig(Path cert, Path key) {}
