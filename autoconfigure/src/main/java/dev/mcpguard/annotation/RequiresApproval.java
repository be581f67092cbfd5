package dev.mcpguard.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an MCP tool whose calls need a human decision before they run.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresApproval {

	/**
	 * Optional SpEL condition on the tool's arguments, by parameter name (for example {@code #total > 1000}); when
	 * empty every call needs approval.
	 * @return the condition
	 */
	String when() default "";

	/**
	 * Why approval is needed, shown to the approver.
	 * @return the reason
	 */
	String reason() default "";

}
