package org.xingfu.request;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Suggests a category from what a resident wrote: multinomial naive Bayes with Laplace smoothing over words
 * segmented by Lucene's smartcn, trained at start-up on the labelled examples kept in the repository
 * ({@code request/examples.tsv}). No external service, no downloaded model.
 */
@Component
class CategorySuggester {

	/** A suggestion with the model's probability for it. */
	record Suggestion(String category, double probability) {
	}

	/** One labelled example. */
	record Example(String category, String text) {
	}

	private final Analyzer analyzer = new SmartChineseAnalyzer(true);
	private final Map<String, Map<String, Integer>> wordCounts = new HashMap<>();
	private final Map<String, Integer> totalWords = new HashMap<>();
	private final Map<String, Integer> documents = new HashMap<>();
	private final java.util.Set<String> vocabulary = new java.util.HashSet<>();
	private int totalDocuments;

	CategorySuggester() {
		this(load());
	}

	CategorySuggester(List<Example> training) {
		for (Example e : training) {
			documents.merge(e.category(), 1, Integer::sum);
			totalDocuments++;
			Map<String, Integer> counts = wordCounts.computeIfAbsent(e.category(), k -> new HashMap<>());
			for (String word : features(e.text())) {
				counts.merge(word, 1, Integer::sum);
				totalWords.merge(e.category(), 1, Integer::sum);
				vocabulary.add(word);
			}
		}
	}

	/** The most likely category, if the text has any word the model knows. */
	Optional<Suggestion> suggest(String text) {
		List<String> words = features(text == null ? "" : text).stream().filter(vocabulary::contains).toList();
		if (words.isEmpty()) {
			return Optional.empty();
		}
		Map<String, Double> logScores = new HashMap<>();
		int v = vocabulary.size();
		for (String category : documents.keySet()) {
			double score = Math.log(documents.get(category) / (double) totalDocuments);
			Map<String, Integer> counts = wordCounts.getOrDefault(category, Map.of());
			int total = totalWords.getOrDefault(category, 0);
			for (String word : words) {
				score += Math.log((counts.getOrDefault(word, 0) + 1.0) / (total + v));
			}
			logScores.put(category, score);
		}
		double max = logScores.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
		double sum = logScores.values().stream().mapToDouble(s -> Math.exp(s - max)).sum();
		return logScores.entrySet().stream().max(Map.Entry.comparingByValue())
			.map(e -> new Suggestion(e.getKey(), Math.exp(e.getValue() - max) / sum));
	}

	/**
	 * Words from the segmenter plus overlapping character pairs: residents write short, colloquial sentences
	 * ("暖气不热") where a pair such as 暖气 or 不热 carries the meaning even when segmentation splits oddly.
	 */
	List<String> features(String text) {
		List<String> result = new ArrayList<>(words(text));
		String han = text.replaceAll("[^\\p{IsHan}]", " ");
		for (String run : han.split(" +")) {
			for (int i = 0; i + 1 < run.length(); i++) {
				result.add("#" + run.substring(i, i + 2));
			}
			for (int i = 0; i < run.length(); i++) {
				result.add("@" + run.charAt(i));
			}
		}
		return result;
	}

	List<String> words(String text) {
		List<String> result = new ArrayList<>();
		try (TokenStream stream = analyzer.tokenStream("text", new StringReader(text))) {
			CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
			stream.reset();
			while (stream.incrementToken()) {
				result.add(term.toString());
			}
			stream.end();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return result;
	}

	static List<Example> load() {
		List<Example> examples = new ArrayList<>();
		try (BufferedReader in = new BufferedReader(new InputStreamReader(
				new ClassPathResource("request/examples.tsv").getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				int tab = line.indexOf('\t');
				examples.add(new Example(line.substring(0, tab), line.substring(tab + 1)));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return examples;
	}
}
