package dev.mcpguard.pipeline;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;

import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * What the guard knows about one tool: its MCP definition and, when the tool is an annotated Java method
 * ({@code @McpTool} or {@code @Tool}), that method, so each layer can read its own annotations.
 *
 * @param name the tool name as clients see it
 * @param tool the MCP tool definition
 * @param method the Java method behind the tool, if known
 */
public record ToolDescriptor(String name, McpSchema.Tool tool, @Nullable Method method) {

	/**
	 * Find an annotation on the tool method, or else on its declaring class (meta-annotations count).
	 * @param <A> the annotation type
	 * @param type the annotation type
	 * @return the annotation, or {@code null}
	 */
	public <A extends Annotation> @Nullable A findAnnotation(Class<A> type) {
		if (this.method == null) {
			return null;
		}
		A onMethod = AnnotatedElementUtils.findMergedAnnotation(this.method, type);
		return (onMethod != null) ? onMethod : AnnotatedElementUtils.findMergedAnnotation(this.method.getDeclaringClass(), type);
	}

	/**
	 * The parameters of the tool method, in declaration order.
	 * @return the parameters, empty when the method is unknown
	 */
	public List<Parameter> parameters() {
		return (this.method != null) ? List.of(this.method.getParameters()) : List.of();
	}

}
