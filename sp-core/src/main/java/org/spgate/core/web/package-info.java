/**
 * Web formats without a server, shared by spgate's endpoints and the development IdP: HTML escaping
 * and the frame of the pages spgate renders ({@link org.spgate.core.web.Html}), urlencoded form
 * bodies ({@link org.spgate.core.web.UrlEncodedForm}).
 */
@NullMarked
package org.spgate.core.web;

import org.jspecify.annotations.NullMarked;
