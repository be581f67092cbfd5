package dev.mcpguard.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Restricts an MCP tool ({@code @McpTool} or {@code @Tool} method, or every tool of a class) to callers holding
 * at least one of the roles. Roles come from the authenticated principal (token or certificate mapping), never from
 * tool arguments. A caller without the role neither sees the tool in {@code tools/list} nor can call it.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresRole {

	/**
	 * The roles, any of which grants access (without a {@code ROLE_} prefix).
	 * @return the roles
	 */
	String[] value();

}
