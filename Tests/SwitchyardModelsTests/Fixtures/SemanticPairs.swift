/// The labelled set the semantic-cache threshold is measured on: paraphrases (the cache should answer the
/// second with the first's answer) and near misses (it must not: a negation flips, a number, an entity or a
/// polarity word changes). Written by hand for this purpose; each text is one user message.
enum SemanticPairs {
    struct Pair: Sendable, CustomStringConvertible {
        let a: String
        let b: String
        /// `paraphrase`, or the kind of near miss: `negation`, `number`, `entity`, `polarity`.
        let kind: String
        var shouldHit: Bool { kind == "paraphrase" }
        var description: String { "[\(kind)] \(a) | \(b)" }
    }

    static let paraphrases: [Pair] = [
        ("What is the capital of France?", "What's the capital city of France?"),
        ("How do I reset my password?", "How can I reset my password?"),
        ("Summarize this article in three sentences.", "Give me a three sentence summary of this article."),
        ("What time does the store open on Sunday?", "When does the store open on Sunday?"),
        ("Translate 'good morning' into Spanish.", "How do you say 'good morning' in Spanish?"),
        ("How many days are in a leap year?", "How many days does a leap year have?"),
        ("Explain how photosynthesis works.", "Can you explain how photosynthesis works?"),
        ("What is the boiling point of water at sea level?", "At sea level, what is the boiling point of water?"),
        ("Write a haiku about autumn leaves.", "Compose a haiku about autumn leaves."),
        ("List the planets of the solar system.", "Name the planets in the solar system."),
        ("How do I cancel my subscription?", "How can I cancel my subscription?"),
        ("What is the refund policy for damaged items?", "What's your refund policy for items that arrive damaged?"),
        ("Who wrote Pride and Prejudice?", "Who is the author of Pride and Prejudice?"),
        ("Convert 100 dollars to euros.", "Convert 100 dollars into euros."),
        ("What are the symptoms of the flu?", "What symptoms does the flu cause?"),
        ("Give me a recipe for pancakes.", "Can you give me a pancake recipe?"),
        ("How far is the Moon from the Earth?", "What is the distance between the Earth and the Moon?"),
        ("Recommend a good book about history.", "Can you recommend a good history book?"),
        ("What is the population of Canada?", "How many people live in Canada?"),
        ("How do I update my shipping address?", "How can I change my shipping address?"),
        (
            "Explain the difference between a list and a tuple in Python.",
            "What is the difference between a list and a tuple in Python?"
        ),
        ("What is the weather like in Paris in April?", "How is the weather in Paris in April?"),
        ("Please check the status of order 4512.", "Can you check the status of order 4512?"),
        ("How long does shipping to Germany take?", "How long does it take to ship to Germany?"),
        ("What does HTTP status 404 mean?", "What is the meaning of HTTP status 404?"),
        ("Tell me a joke about cats.", "Tell me a cat joke."),
    ].map { Pair(a: $0.0, b: $0.1, kind: "paraphrase") }

    static let nearMisses: [Pair] = [
        // Negation flips.
        ("Is the museum open on Mondays?", "Is the museum not open on Mondays?", "negation"),
        ("Which foods contain gluten?", "Which foods do not contain gluten?", "negation"),
        ("Show me hotels with free parking.", "Show me hotels without free parking.", "negation"),
        ("List all employees in the sales team.", "List all employees except the sales team.", "negation"),
        ("Should I take this medicine with food?", "Should I never take this medicine with food?", "negation"),
        ("Why does my laptop charge?", "Why doesn't my laptop charge?", "negation"),
        ("Can I return an item after 30 days?", "Can I not return an item after 30 days?", "negation"),
        ("Find flights that have a layover.", "Find flights that have no layover.", "negation"),
        ("Are vaccines safe for children?", "Are vaccines not safe for children?", "negation"),
        ("Write a function that handles errors.", "Write a function that never handles errors.", "negation"),
        // Different numbers.
        ("Convert 100 dollars to euros.", "Convert 200 dollars to euros.", "number"),
        ("Please check the status of order 4512.", "Please check the status of order 4513.", "number"),
        ("What was the GDP of Japan in 2019?", "What was the GDP of Japan in 2020?", "number"),
        ("Set a timer for 5 minutes.", "Set a timer for 15 minutes.", "number"),
        ("Book a table for 2 people at 7 pm.", "Book a table for 4 people at 7 pm.", "number"),
        ("What is 15% of 80?", "What is 20% of 80?", "number"),
        ("Summarize this article in three sentences.", "Summarize this article in 5 sentences.", "number"),
        ("Give me 3 ideas for a birthday party.", "Give me 10 ideas for a birthday party.", "number"),
        // Different entities.
        ("What is the capital of France?", "What is the capital of Germany?", "entity"),
        ("Who wrote Pride and Prejudice?", "Who wrote Sense and Sensibility?", "entity"),
        ("What is the population of Canada?", "What is the population of Australia?", "entity"),
        ("How long does shipping to Germany take?", "How long does shipping to Japan take?", "entity"),
        ("What is the weather like in Paris in April?", "What is the weather like in London in April?", "entity"),
        ("Tell me about the history of Rome.", "Tell me about the history of Athens.", "entity"),
        (
            "Explain the difference between a list and a tuple in Python.",
            "Explain the difference between a list and a tuple in Rust.", "entity"
        ),
        ("Who is the CEO of Microsoft?", "Who is the CEO of Apple?", "entity"),
        // Polarity words (on/off and friends).
        ("How do I turn on dark mode?", "How do I turn off dark mode?", "polarity"),
        ("How do I enable two-factor authentication?", "How do I disable two-factor authentication?", "polarity"),
        ("Should I buy Tesla stock now?", "Should I sell Tesla stock now?", "polarity"),
        ("What should I eat before a workout?", "What should I eat after a workout?", "polarity"),
        ("How do I increase the font size?", "How do I decrease the font size?", "polarity"),
        ("How do I upload files to the server?", "How do I download files from the server?", "polarity"),
        ("Show me products above 50 dollars.", "Show me products below 50 dollars.", "polarity"),
        ("How do I add a user to the group?", "How do I remove a user from the group?", "polarity"),
    ].map { Pair(a: $0.0, b: $0.1, kind: $0.2) }

    static var all: [Pair] { paraphrases + nearMisses }
}
