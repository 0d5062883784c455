package org.xingfu.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.TestActors;
import org.xingfu.XingfuTest;
import org.xingfu.shared.Actor;
import org.xingfu.shared.NodeType;

@XingfuTest
class HouseholdImportTests {

	@Autowired
	HouseholdImport households;

	@Autowired
	OrganizationManagement management;

	@Autowired
	OrganizationDirectory directory;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aGoodFileCreatesBuildingsUnitsHouseholdsAndPeople() throws IOException {
		Actor staff = TestActors.of(jdbc, directory, "sq.nongchang");
		long compound = newCompound(staff, "导入小区甲");
		byte[] file = sheet(List.of(
				new String[] { "1号楼", "1单元", "101", "89.50", "张导入", "13800001234", "业主", "50" },
				new String[] { "1号楼", "1单元", "101", "", "王导入", "", "业主", "50" },
				new String[] { "1号楼", "1单元", "102", "76", "李导入", "13800004321", "居民", "" },
				new String[] { "2号楼", "3单元", "501", "120.25", "", "", "", "" }));
		HouseholdImport.Result result = households.importInto(staff, compound, new ByteArrayInputStream(file));
		assertThat(result.errors()).isEmpty();
		assertThat(result.householdsCreated()).isEqualTo(3);
		assertThat(result.peopleAdded()).isEqualTo(3);
		NodeView node = directory.node(staff, compound);
		assertThat(node.households()).isEqualTo(3);
		assertThat(node.residents()).isEqualTo(3);
		assertThat(jdbc.sql("select count(*) from org_node where type = 'BUILDING' and parent_id = ?").param(compound)
			.query(Long.class).single()).isEqualTo(2);

		// the export has the same layout and re-imports into another compound unchanged
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		households.export(staff, compound, out);
		List<Row> rows = read(out.toByteArray());
		assertThat(rows).hasSize(5);
		assertThat(HouseholdSheet.text(rows.get(1), 4)).isEqualTo("张导入");
		assertThat(HouseholdSheet.text(rows.get(1), 5)).isEqualTo("13800001234");
		long copy = newCompound(staff, "导入小区乙");
		assertThat(households.importInto(staff, copy, new ByteArrayInputStream(out.toByteArray())).errors()).isEmpty();
		assertThat(directory.node(staff, copy).households()).isEqualTo(3);
	}

	@Test
	void aFileWithAnyBadRowImportsNothingAndNamesEveryProblem() throws IOException {
		Actor staff = TestActors.of(jdbc, directory, "sq.nongchang");
		long compound = newCompound(staff, "导入小区丙");
		long before = jdbc.sql("select count(*) from org_person").query(Long.class).single();
		byte[] file = sheet(List.of(
				new String[] { "1号楼", "1单元", "101", "89.50", "好行", "13800001234", "业主", "100" },
				new String[] { "1号楼", "", "102", "abc", "坏行", "123", "房东", "" },
				new String[] { "1号楼", "1单元", "103", "", "缺面积", "", "居民", "" },
				new String[] { "1号楼", "1单元", "104", "80", "份额错", "", "居民", "30" }));
		HouseholdImport.Result result = households.importInto(staff, compound, new ByteArrayInputStream(file));
		assertThat(result.ok()).isFalse();
		assertThat(result.errors()).extracting(HouseholdSheet.RowError::rowNumber, HouseholdSheet.RowError::column)
			.contains(org.assertj.core.groups.Tuple.tuple(3, "单元"), org.assertj.core.groups.Tuple.tuple(3, "专有面积(m²)"),
					org.assertj.core.groups.Tuple.tuple(3, "手机号"), org.assertj.core.groups.Tuple.tuple(3, "身份"),
					org.assertj.core.groups.Tuple.tuple(5, "产权份额(%)"));
		assertThat(directory.node(staff, compound).households()).isZero();
		assertThat(jdbc.sql("select count(*) from org_person").query(Long.class).single()).isEqualTo(before);

		// the database-side rule (a new household needs an area) is reported too, still importing nothing
		byte[] noArea = sheet(List.<String[]>of(new String[] { "1号楼", "1单元", "103", "", "缺面积", "", "居民", "" }));
		HouseholdImport.Result second = households.importInto(staff, compound, new ByteArrayInputStream(noArea));
		assertThat(second.errors()).singleElement().extracting(HouseholdSheet.RowError::messageKey)
			.isEqualTo("import.error.areaRequired");
		assertThat(directory.node(staff, compound).households()).isZero();
	}

	@Test
	void notASpreadsheetOrWrongHeaderIsReported() throws IOException {
		Actor staff = TestActors.of(jdbc, directory, "sq.nongchang");
		long compound = newCompound(staff, "导入小区丁");
		assertThat(households.importInto(staff, compound, new ByteArrayInputStream("hello".getBytes())).errors())
			.extracting(HouseholdSheet.RowError::messageKey).containsExactly("import.error.unreadable");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		org.dhatim.fastexcel.Workbook wb = new org.dhatim.fastexcel.Workbook(out, "t", "1.0");
		wb.newWorksheet("x").value(0, 0, "随便");
		wb.finish();
		assertThat(households.importInto(staff, compound, new ByteArrayInputStream(out.toByteArray())).errors())
			.extracting(HouseholdSheet.RowError::messageKey).containsExactly("import.error.header");
	}

	private long newCompound(Actor staff, String name) {
		long nongchang = jdbc.sql("select id from org_node where name = '农场社区'").query(Long.class).single();
		return management.createNode(staff, nongchang, NodeType.COMPOUND, name).id();
	}

	private static byte[] sheet(List<String[]> rows) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		HouseholdSheet.write(out, rows);
		return out.toByteArray();
	}

	private static List<Row> read(byte[] bytes) throws IOException {
		try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(bytes));
				var stream = wb.getFirstSheet().openStream()) {
			return stream.toList();
		}
	}
}
