/**
 * Why a message was refused: the closed vocabulary of reasons and the exception that carries one.
 */
@NullMarked
package org.spgate.core.check;

import org.jspecify.annotations.NullMarked;
