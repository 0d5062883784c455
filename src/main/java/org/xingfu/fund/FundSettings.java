package org.xingfu.fund;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Time limits of emergency use (domain.md section 9), all configurable per city.
 *
 * @param preNoticeWorkingDays  how long an optional pre-notice runs before the street may approve (default 3)
 * @param confirmWorkingDays    on-site confirmation by the community or street (default 2 working days)
 * @param approveWorkingDays    approval by the street after confirmation (default 5 working days)
 * @param silenceMeansApproval  whether a street that lets the approval limit pass has approved (default true, as
 *                              the Gongzhuling rules intend: the danger does not wait for a signature)
 * @param postNoticeDays        how long the post-use notice with every household's share stays up (default 10);
 *                              the notice module's minimum for fund notices applies if it is longer
 */
@ConfigurationProperties("xingfu.fund")
record FundSettings(Integer preNoticeWorkingDays, Integer confirmWorkingDays, Integer approveWorkingDays,
		Boolean silenceMeansApproval, Integer postNoticeDays) {

	FundSettings {
		preNoticeWorkingDays = preNoticeWorkingDays == null ? 3 : preNoticeWorkingDays;
		confirmWorkingDays = confirmWorkingDays == null ? 2 : confirmWorkingDays;
		approveWorkingDays = approveWorkingDays == null ? 5 : approveWorkingDays;
		silenceMeansApproval = silenceMeansApproval == null || silenceMeansApproval;
		postNoticeDays = postNoticeDays == null ? 10 : postNoticeDays;
	}
}
