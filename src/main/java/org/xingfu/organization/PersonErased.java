package org.xingfu.organization;

/**
 * A person who moved away was erased (issue 24, PIPL art. 47): their name, phone and ID number are gone from the
 * register, they live nowhere and hold no role. Published in the transaction of the erasure: each module removes or
 * anonymises what it keeps of them by id and by account name ({@code username}, null without an account), keeping
 * cases, votes and figures, which belong to the compound's history, without the person.
 */
public record PersonErased(long personId, String username, String placeholder) {
}
