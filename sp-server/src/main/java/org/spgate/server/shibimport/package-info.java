/**
 * {@code spgate import-shibboleth}: an existing Shibboleth SP configuration ({@code
 * shibboleth2.xml} and the Apache {@code <Location>} blocks that protect paths) translated into an
 * spgate YAML configuration, with every element that has no spgate equivalent listed.
 */
@NullMarked
package org.spgate.server.shibimport;

import org.jspecify.annotations.NullMarked;
