/**
 * Benchmarks of spgate's hot paths (JMH) and the helpers {@code bench/run.sh} drives: minting
 * logins for wrk ({@link org.spgate.bench.LoginMint}), one real login ({@link
 * org.spgate.bench.LoginCookie}) and the heap cost of sessions ({@link
 * org.spgate.bench.SessionMemory}).
 */
@NullMarked
package org.spgate.bench;

import org.jspecify.annotations.NullMarked;
