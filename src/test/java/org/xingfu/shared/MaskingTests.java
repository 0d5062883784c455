package org.xingfu.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTests {

	@Test
	void masksPhonesNamesAndIdNumbers() {
		assertThat(Masking.phone("13812341234")).isEqualTo("138****1234");
		assertThat(Masking.phone("110")).isEqualTo("***");
		assertThat(Masking.phone(null)).isNull();
		assertThat(Masking.name("张三")).isEqualTo("张*");
		assertThat(Masking.name("欧阳娜娜")).isEqualTo("欧***");
		assertThat(Masking.name("张")).isEqualTo("张*");
		assertThat(Masking.idNumber("220381199001011234")).isEqualTo("2203**********1234");
	}
}
