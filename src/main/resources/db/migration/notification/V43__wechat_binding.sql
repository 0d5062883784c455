-- One WeChat user is bound to one person: binding the same openid to someone else moves it (see WeChatBinding).
create unique index ntf_preference_openid_uk on ntf_preference (wechat_openid) where wechat_openid is not null;
