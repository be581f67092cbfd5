package dev.mcpguard.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an exception class (and its subclasses) whose message is written for the caller of a tool, for example
 * {@code "Product 42 not found."}: when a tool throws it, the caller reads that message. The message of any other
 * exception stays on the server (log and audit trail) and the caller reads a reference to it, since such messages
 * hold what callers should not see: SQL, class names, library internals.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface ShownToCaller {

}
