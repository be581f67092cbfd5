package dev.mcpguard.consumers.ownsecurity;

import java.security.Principal;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application's own REST API, behind the application's own security chain.
 */
@RestController
public class HelloController {

	@GetMapping("/api/hello")
	public String hello(Principal principal) {
		return "hello " + principal.getName();
	}

}
