package org.xingfu.system;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * A JSON number or boolean where the API expects text is a client's mistake, not a name: {"name": -1} is refused
 * with 400 rather than stored as "-1" (found by ApiFuzzTests). Text where a number is expected stays accepted
 * ("12" for 12), as clients send it.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

	@Bean
	JsonMapperBuilderCustomizer noNumbersAsText() {
		return builder -> builder.withCoercionConfig(LogicalType.Textual, config -> config
			.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}
}
