package org.xingfu.shared;

import java.util.List;

/** One page of a bounded list. */
public record PageResult<T>(List<T> items, int page, int size, long total) {
	public int totalPages() {
		return size == 0 ? 0 : (int) ((total + size - 1) / size);
	}

	public boolean hasNext() {
		return (long) (page + 1) * size < total;
	}
}
