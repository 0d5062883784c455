package org.xingfu.notice;

/** The seven kinds of notice of domain.md section 7: 党务, 居务, 财务, 物业服务, 维修资金, 改造, 评选名单. */
public enum NoticeType {
	PARTY, RESIDENTS, FINANCE, PROPERTY, FUND, RENOVATION, RATING
}
