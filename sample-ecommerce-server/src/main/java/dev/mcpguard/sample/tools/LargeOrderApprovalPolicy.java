package dev.mcpguard.sample.tools;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.mcpguard.approval.ApprovalPolicy;
import dev.mcpguard.pipeline.Caller;
import dev.mcpguard.pipeline.ToolDescriptor;
import dev.mcpguard.sample.shop.Product;
import dev.mcpguard.sample.shop.ProductRepository;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sends large orders to a human: a {@code create_order} call whose total at current prices exceeds
 * {@code shop.approval.order-total-threshold} (1000 by default) needs approval. The arguments carry only product
 * ids and quantities, so the total is worked out here from the catalogue, which an annotation condition cannot do.
 * Every other call is left to the tools' own {@code @RequiresApproval}.
 */
@Component
public class LargeOrderApprovalPolicy implements ApprovalPolicy {

	private final ProductRepository products;

	private final BigDecimal threshold;

	public LargeOrderApprovalPolicy(ProductRepository products,
			@Value("${shop.approval.order-total-threshold:1000}") BigDecimal threshold) {
		this.products = products;
		this.threshold = threshold;
	}

	@Override
	public Decision decide(Caller caller, ToolDescriptor tool, Map<String, Object> arguments) {
		if (!"create_order".equals(tool.name()) || !(arguments.get("items") instanceof List<?> items)) {
			return Decision.ABSTAIN;
		}
		Map<Long, Long> quantities = new HashMap<>();
		for (Object item : items) {
			if (item instanceof Map<?, ?> line && line.get("productId") instanceof Number productId
					&& line.get("quantity") instanceof Number quantity && quantity.longValue() > 0) {
				quantities.merge(productId.longValue(), quantity.longValue(), Long::sum);
			}
		}
		if (quantities.isEmpty()) {
			return Decision.ABSTAIN; // the tool itself refuses an order without valid lines
		}
		BigDecimal total = BigDecimal.ZERO;
		for (Product product : this.products.findAllById(quantities.keySet())) {
			total = total.add(product.getPrice().multiply(BigDecimal.valueOf(quantities.get(product.getId()))));
		}
		return (total.compareTo(this.threshold) > 0) ? Decision.ASK_HUMAN : Decision.ABSTAIN;
	}

}
