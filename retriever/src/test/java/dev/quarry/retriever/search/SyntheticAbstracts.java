package dev.quarry.retriever.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Plausible, varied scientific abstracts written from a seed: a title and five sentences
 * (background, methods, main result, secondary finding, conclusion) drawn from biomedical topics,
 * study designs and outcomes. The same seed always gives the same abstracts.
 */
final class SyntheticAbstracts {

  /** One generated abstract. */
  record Abstract(String title, String text) {}

  private static final String[] TOPICS = {
    "vitamin D supplementation",
    "gut microbiota composition",
    "statin therapy",
    "CRISPR-Cas9 gene editing",
    "tau protein aggregation",
    "insulin resistance",
    "T cell exhaustion",
    "malaria transmission",
    "amyloid-beta clearance",
    "mitochondrial biogenesis",
    "circadian rhythm disruption",
    "carbapenem-resistant bacteria",
    "BRCA1 loss of function",
    "influenza vaccination",
    "microRNA-21 expression",
    "osteoclast activity",
    "salt intake",
    "neural stem cell differentiation",
    "epithelial-mesenchymal transition",
    "metformin treatment",
    "HIV latency",
    "cardiomyocyte proliferation",
    "sleep deprivation",
    "fine particulate air pollution",
    "PD-1 blockade",
    "microglial activation",
    "childhood obesity",
    "rifampicin dosing",
    "autophagy induction",
    "dopamine signalling",
    "telomere shortening",
    "Wnt pathway activation",
    "maternal smoking",
    "hepatitis C antiviral therapy",
    "omega-3 fatty acid intake",
    "regulatory T cells",
    "aerobic exercise training",
    "Helicobacter pylori eradication",
    "prenatal folic acid",
    "insulin-like growth factor 1"
  };

  private static final String[] OUTCOMES = {
    "all-cause mortality",
    "bone mineral density",
    "tumour growth",
    "serum LDL cholesterol",
    "cognitive decline",
    "viral load",
    "C-reactive protein levels",
    "systolic blood pressure",
    "fasting glucose",
    "hospital readmission",
    "infarct size",
    "relapse-free survival",
    "synaptic density",
    "birth weight",
    "muscle strength",
    "liver fibrosis",
    "asthma exacerbations",
    "antibody titres",
    "weight gain",
    "fracture risk",
    "depressive symptoms",
    "renal function",
    "plaque burden",
    "insulin sensitivity",
    "wound closure",
    "metastatic spread"
  };

  private static final String[] SUBJECTS = {
    "patients with type 2 diabetes",
    "healthy volunteers",
    "C57BL/6 mice",
    "Sprague-Dawley rats",
    "postmenopausal women",
    "zebrafish larvae",
    "adolescents",
    "human cell lines",
    "patients with heart failure",
    "older adults",
    "pregnant women",
    "primary hepatocytes",
    "patients with early Alzheimer's disease",
    "children under five",
    "non-human primates",
    "kidney transplant recipients"
  };

  private static final String[] DESIGNS = {
    "a randomized, double-blind, placebo-controlled trial",
    "a prospective cohort study",
    "single-cell RNA sequencing",
    "a meta-analysis of published trials",
    "a case-control study",
    "whole-genome sequencing",
    "longitudinal magnetic resonance imaging",
    "quantitative mass spectrometry",
    "a cluster-randomized trial",
    "Mendelian randomization",
    "conditional knockout models",
    "a retrospective analysis of registry data",
    "live-cell imaging",
    "a crossover trial",
    "flow cytometry and lineage tracing"
  };

  private static final String[] EFFECTS = {
    "reduced",
    "increased",
    "did not change",
    "modestly lowered",
    "substantially improved",
    "was associated with higher",
    "was associated with lower",
    "delayed",
    "accelerated"
  };

  private static final String[] GAPS = {
    "but the size of the effect remains uncertain",
    "although the underlying mechanism is unknown",
    "yet earlier studies were small and inconsistent",
    "but it is unclear whether the association is causal",
    "although evidence from controlled settings is scarce"
  };

  private static final String[] SECONDARY = {
    "The effect was strongest in %s",
    "No benefit was seen in %s",
    "Adverse events were rare and similar between groups, including among %s",
    "A dose-response relation was observed in %s",
    "Results were consistent in %s"
  };

  private static final String[] CONCLUSIONS = {
    "These findings suggest that %s influences %s and warrant confirmation in larger trials.",
    "Our data identify %s as a modifiable determinant of %s.",
    "Targeting %s may offer a new strategy to improve %s.",
    "%s should not be recommended solely to change %s.",
    "Together, the results link %s to %s through a previously unrecognised pathway."
  };

  private SyntheticAbstracts() {}

  /** {@code n} abstracts from {@code seed}. */
  static List<Abstract> generate(int n, long seed) {
    Random random = new Random(seed);
    List<Abstract> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(one(random));
    }
    return out;
  }

  private static Abstract one(Random r) {
    String topic = pick(r, TOPICS);
    String outcome = pick(r, OUTCOMES);
    String other = pick(r, OUTCOMES);
    String subjects = pick(r, SUBJECTS);
    int participants = 20 + r.nextInt(4000);
    double change = 5 + r.nextInt(400) / 10.0;
    double p = (1 + r.nextInt(49)) / 1000.0;
    String title = capitalise(topic) + " and " + outcome + " in " + subjects;
    String text =
        capitalise(topic)
            + " has been linked to "
            + outcome
            + ", "
            + pick(r, GAPS)
            + ". We used "
            + pick(r, DESIGNS)
            + " in "
            + participants
            + " "
            + subjects
            + " to test whether "
            + topic
            + " affects "
            + outcome
            + " and "
            + other
            + ". "
            + capitalise(topic)
            + " "
            + pick(r, EFFECTS)
            + " "
            + outcome
            + " by "
            + change
            + "% (P = "
            + p
            + ") over "
            + (2 + r.nextInt(60))
            + " months of follow-up. "
            + String.format(pick(r, SECONDARY), pick(r, SUBJECTS))
            + ", and "
            + other
            + " changed by "
            + (r.nextInt(150) / 10.0)
            + "%. "
            + capitalise(String.format(pick(r, CONCLUSIONS), topic, outcome));
    return new Abstract(title, text);
  }

  private static String pick(Random r, String[] values) {
    return values[r.nextInt(values.length)];
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
