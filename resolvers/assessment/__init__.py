"""The assessment core every assessing domain stands on (exams, IELTS practice and mock tests,
and the quiz and adaptive domains to come), in the unified nouns of the design: question banks
and their codes (`codes`), attempts with their deadlines and one submission (`attempts`),
responses and their manual review (`responses`), and scoring (`scoring`)."""
