package dev.mcpguard.approval;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.mcpguard.pipeline.LogText;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.DataBindingMethodResolver;
import org.springframework.expression.spel.support.DataBindingPropertyAccessor;
import org.springframework.expression.spel.support.MapAccessor;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.util.ReflectionUtils;

/**
 * The {@code when} condition of {@link dev.mcpguard.annotation.RequiresApproval @RequiresApproval}: a SpEL
 * expression on the tool's arguments, parsed once per tool and evaluated in a {@link SimpleEvaluationContext}.
 * <p>
 * Supported: each argument as a variable by parameter name ({@code #total > 1000}); JSON objects are maps whose
 * entries read as properties or by key ({@code #order.total}, {@code #order['total']}); list indexing
 * ({@code #items[0]}); operators, the ternary and Elvis operators and safe navigation ({@code #items?.size()});
 * collection selection and projection ({@code #items.?[quantity > 10]}, {@code #items.![quantity]}); public
 * instance methods of the argument values ({@code #items.size() > 3}, {@code #note.length()}); and the functions
 * {@code #sum(list, 'key')} (sum of a numeric entry over a list of objects, or of a list of numbers when the key
 * is empty) and {@code #count(list)}. Not supported: type references ({@code T(...)}), constructors, bean
 * references, static methods and assignment.
 * <p>
 * A condition that cannot be evaluated for a call (say {@code #items.size()} when {@code items} is missing) or that
 * does not yield a boolean counts as true: the call then needs approval (fail closed).
 */
public final class ApprovalCondition {

	private static final Log logger = LogFactory.getLog(ApprovalCondition.class);

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private static final Method SUM = ReflectionUtils.findMethod(ApprovalCondition.class, "sum", List.class, String.class);

	private static final Method COUNT = ReflectionUtils.findMethod(ApprovalCondition.class, "count", Collection.class);

	private static final Set<String> FUNCTIONS = Set.of("sum", "count");

	private static final SimpleEvaluationContext.Builder CONTEXT = SimpleEvaluationContext
		.forPropertyAccessors(new MapAccessor(false), DataBindingPropertyAccessor.forReadOnlyAccess())
		.withMethodResolvers(DataBindingMethodResolver.forInstanceMethodInvocation())
		.withAssignmentDisabled();

	private final String text;

	private final Expression expression;

	private ApprovalCondition(String text, Expression expression) {
		this.text = text;
		this.expression = expression;
	}

	/**
	 * Parse a condition and check that every variable it reads is a parameter of the tool.
	 * @param tool the tool name, for the error message
	 * @param text the expression
	 * @param parameters the names of the tool's parameters
	 * @return the condition
	 * @throws IllegalArgumentException naming the tool if the expression is invalid
	 */
	public static ApprovalCondition parse(String tool, String text, Set<String> parameters) {
		Expression expression;
		try {
			expression = PARSER.parseExpression(text);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("Invalid @RequiresApproval(when = \"" + text + "\") on tool '" + tool
					+ "': " + ex.getMessage(), ex);
		}
		Set<String> unknown = new TreeSet<>();
		collectUnknownVariables(((SpelExpression) expression).getAST(), parameters, unknown);
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Invalid @RequiresApproval(when = \"" + text + "\") on tool '" + tool
					+ "': unknown variable" + ((unknown.size() > 1) ? "s " : " ") + String.join(", ", unknown.stream().map((name) -> "#" + name).toList())
					+ "; the tool's parameters are " + ((parameters.isEmpty()) ? "none" : String.join(", ", new TreeSet<>(parameters))));
		}
		return new ApprovalCondition(text, expression);
	}

	/**
	 * Evaluate the condition for one call.
	 * @param arguments the call's arguments
	 * @return whether the call needs approval; {@code true} when the condition cannot be evaluated
	 */
	public boolean matches(Map<String, ?> arguments) {
		try {
			return !Boolean.FALSE.equals(evaluate(arguments));
		}
		catch (RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Approval condition '" + this.text + "' failed, so the call needs approval: "
						+ LogText.safe(ex.getMessage()));
			}
			return true;
		}
	}

	/**
	 * Evaluate the expression, letting errors through.
	 * @param arguments the call's arguments
	 * @return the value of the expression
	 */
	@Nullable Object evaluate(Map<String, ?> arguments) {
		SimpleEvaluationContext context = CONTEXT.build();
		arguments.forEach(context::setVariable);
		context.setVariable("sum", SUM);
		context.setVariable("count", COUNT);
		return this.expression.getValue(context);
	}

	@Override
	public String toString() {
		return this.text;
	}

	private static void collectUnknownVariables(SpelNode node, Set<String> parameters, Set<String> unknown) {
		if (node instanceof VariableReference) {
			String name = node.toStringAST().substring(1);
			if (!name.equals("this") && !name.equals("root") && !FUNCTIONS.contains(name) && !parameters.contains(name)) {
				unknown.add(name);
			}
		}
		for (int i = 0; i < node.getChildCount(); i++) {
			collectUnknownVariables(node.getChild(i), parameters, unknown);
		}
	}

	/**
	 * Sum of a numeric entry over a list of JSON objects, or of a list of numbers when the key is {@code null} or
	 * empty; entries that are missing or not numbers count as zero.
	 * @param values the list
	 * @param key the entry to add up
	 * @return the sum
	 */
	public static double sum(@Nullable List<?> values, @Nullable String key) {
		if (values == null) {
			return 0;
		}
		double sum = 0;
		for (Object value : values) {
			Object number = (key == null || key.isEmpty()) ? value
					: (value instanceof Map<?, ?> map) ? map.get(key) : null;
			if (number instanceof Number n) {
				sum += n.doubleValue();
			}
		}
		return sum;
	}

	/**
	 * Number of elements of a collection, zero for {@code null}.
	 * @param values the collection
	 * @return its size
	 */
	public static int count(@Nullable Collection<?> values) {
		return (values != null) ? values.size() : 0;
	}

}
