//! Parallel French / English phrase lists of the domain. Picking the same
//! index in both lists gives a sentence and its translation, so the two
//! languages of a page say the same thing.

/// (French, English) pairs.
pub type Pairs = &'static [(&'static str, &'static str)];

pub const ORGS: Pairs = &[
    ("une PME industrielle", "an industrial SME"),
    ("une TPE du bâtiment", "a small construction firm"),
    (
        "une collectivité de taille moyenne",
        "a mid-sized local authority",
    ),
    ("une exploitation agricole", "a farm"),
    ("un cabinet comptable", "an accounting firm"),
    ("un hôtel indépendant", "an independent hotel"),
    ("une boulangerie artisanale", "a craft bakery"),
    ("une entreprise de transport", "a haulage company"),
    ("une clinique privée", "a private clinic"),
    ("un commerce de proximité", "a local shop"),
    ("une agence de communication", "a communication agency"),
    ("une mairie rurale", "a rural town hall"),
    ("une coopérative agricole", "a farming cooperative"),
    ("un atelier de mécanique", "an engineering workshop"),
    ("une entreprise de nettoyage", "a cleaning company"),
    ("une librairie indépendante", "an independent bookshop"),
    ("un office de tourisme", "a tourist office"),
    ("un bureau d'études", "an engineering consultancy"),
    ("une régie des eaux", "a water utility"),
    ("un EHPAD", "a care home"),
    ("une menuiserie", "a joinery"),
    ("un cabinet d'avocats", "a law firm"),
    ("une start-up de la logistique", "a logistics start-up"),
    ("une communauté de communes", "an inter-municipal body"),
];

pub const TECHS: Pairs = &[
    ("l'IA générative", "generative AI"),
    ("la vision par ordinateur", "computer vision"),
    ("un modèle de prévision", "a forecasting model"),
    ("un agent conversationnel", "a chatbot"),
    ("la reconnaissance vocale", "speech recognition"),
    ("la détection d'anomalies", "anomaly detection"),
    (
        "un outil de classement automatique",
        "an automatic classification tool",
    ),
    ("un grand modèle de langage", "a large language model"),
    ("l'apprentissage automatique", "machine learning"),
    (
        "un outil d'optimisation des tournées",
        "a route optimisation tool",
    ),
    ("un assistant de rédaction", "a writing assistant"),
    ("la génération d'images", "image generation"),
];

pub const TASKS: Pairs = &[
    ("trier les courriels entrants", "sort incoming emails"),
    (
        "prévoir les ventes de la semaine",
        "forecast the week's sales",
    ),
    (
        "contrôler la qualité des pièces",
        "check the quality of parts",
    ),
    (
        "rédiger des réponses aux clients",
        "draft replies to customers",
    ),
    ("planifier les interventions", "schedule interventions"),
    (
        "détecter les fuites sur le réseau",
        "detect leaks in the network",
    ),
    ("résumer des comptes rendus", "summarise meeting notes"),
    (
        "extraire les données des factures",
        "extract data from invoices",
    ),
    (
        "répondre aux questions des administrés",
        "answer residents' questions",
    ),
    (
        "optimiser la consommation d'énergie",
        "optimise energy consumption",
    ),
    (
        "anticiper les pannes des machines",
        "anticipate machine breakdowns",
    ),
    ("réduire le gaspillage alimentaire", "reduce food waste"),
    ("traduire des fiches produits", "translate product sheets"),
    ("préparer des devis", "prepare quotes"),
    (
        "classer des documents administratifs",
        "classify administrative documents",
    ),
    (
        "transcrire des appels téléphoniques",
        "transcribe phone calls",
    ),
    (
        "suivre l'irrigation des parcelles",
        "monitor the irrigation of plots",
    ),
    ("orienter les patients", "direct patients"),
    ("organiser les plannings", "organise rotas"),
    ("analyser les avis des clients", "analyse customer reviews"),
];

pub const DATA: Pairs = &[
    ("l'historique des commandes", "the order history"),
    ("les relevés des capteurs", "sensor readings"),
    (
        "les photos prises en production",
        "photos taken on the production line",
    ),
    ("les courriels des clients", "customer emails"),
    ("les factures fournisseurs", "supplier invoices"),
    ("les données de consommation", "consumption data"),
    ("les fiches d'intervention", "service reports"),
    ("les données météo", "weather data"),
    ("le catalogue produits", "the product catalogue"),
    ("les comptes rendus de réunion", "meeting minutes"),
    ("les tickets de caisse", "till receipts"),
    ("les plannings des équipes", "team rotas"),
];

pub const BENEFITS: Pairs = &[
    ("un gain de deux heures par jour", "two hours saved a day"),
    ("une baisse nette des déchets", "a clear drop in waste"),
    (
        "des délais de réponse divisés par deux",
        "response times halved",
    ),
    ("moins d'erreurs de saisie", "fewer data-entry errors"),
    (
        "une meilleure anticipation des pics d'activité",
        "better anticipation of peaks in activity",
    ),
    (
        "des équipes libérées des tâches répétitives",
        "teams freed from repetitive tasks",
    ),
    ("des stocks mieux ajustés", "better-adjusted stock levels"),
    ("une facture d'énergie en baisse", "a lower energy bill"),
    ("des clients mieux informés", "better-informed customers"),
    ("des pannes repérées plus tôt", "breakdowns spotted earlier"),
];

pub const RISKS: Pairs = &[
    ("la qualité insuffisante des données", "poor data quality"),
    (
        "la dépendance à un fournisseur unique",
        "dependence on a single supplier",
    ),
    ("les fausses alertes", "false alarms"),
    (
        "la protection des données personnelles",
        "personal data protection",
    ),
    (
        "le manque de formation des équipes",
        "lack of staff training",
    ),
    (
        "les coûts cachés de l'abonnement",
        "hidden subscription costs",
    ),
    (
        "les réponses inventées par l'outil",
        "answers made up by the tool",
    ),
    ("la sécurité des accès", "access security"),
];

pub const PRECAUTIONS: Pairs = &[
    ("vérifier la qualité des données", "check data quality"),
    (
        "associer les équipes dès le départ",
        "involve teams from the start",
    ),
    (
        "fixer des indicateurs de réussite",
        "set success indicators",
    ),
    (
        "consulter le délégué à la protection des données",
        "consult the data protection officer",
    ),
    ("tester sur un périmètre limité", "test on a limited scope"),
    (
        "comparer plusieurs offres européennes",
        "compare several European offers",
    ),
    ("prévoir une relecture humaine", "plan a human review"),
    (
        "documenter les choix effectués",
        "document the choices made",
    ),
];

pub const CITIES: &[&str] = &[
    "Toulouse",
    "Nantes",
    "Rennes",
    "Lille",
    "Lyon",
    "Grenoble",
    "Dijon",
    "Besançon",
    "Orléans",
    "Tours",
    "Ajaccio",
    "Bastia",
    "Strasbourg",
    "Metz",
    "Reims",
    "Amiens",
    "Rouen",
    "Caen",
    "Bordeaux",
    "Limoges",
    "Poitiers",
    "Montpellier",
    "Perpignan",
    "Angers",
    "Le Mans",
    "Marseille",
    "Nice",
    "Avignon",
    "Pointe-à-Pitre",
    "Fort-de-France",
    "Cayenne",
    "Saint-Denis",
    "Mamoudzou",
    "Brest",
    "Quimper",
    "Vannes",
    "Clermont-Ferrand",
    "Annecy",
    "Chambéry",
    "Valence",
    "Nîmes",
    "Pau",
    "Bayonne",
    "La Rochelle",
    "Niort",
    "Troyes",
    "Mulhouse",
    "Colmar",
    "Nancy",
    "Épinal",
    "Laval",
    "Cholet",
    "Saint-Malo",
    "Lorient",
    "Cherbourg",
    "Évreux",
    "Beauvais",
    "Arras",
    "Dunkerque",
    "Calais",
];

pub const FIRST_NAMES: &[&str] = &[
    "Camille",
    "Claire",
    "Julien",
    "Aïssatou",
    "Thomas",
    "Léa",
    "Mathieu",
    "Inès",
    "Nicolas",
    "Sophie",
    "Karim",
    "Émilie",
    "Antoine",
    "Fatou",
    "Hugo",
    "Manon",
    "Yannick",
    "Chloé",
    "Mehdi",
    "Pauline",
];

pub const LAST_NAMES: &[&str] = &[
    "Rouvière",
    "Guéraud",
    "Castanet",
    "Camara",
    "Le Goff",
    "Martin",
    "Bernard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
];

pub const MODULE_HEADINGS: Pairs = &[
    ("Le principe", "The principle"),
    ("Pourquoi c'est utile", "Why it helps"),
    ("Étape par étape", "Step by step"),
    ("Les points de vigilance", "What to watch out for"),
    ("Un exemple concret", "A worked example"),
    ("Les données nécessaires", "The data you need"),
    ("Mesurer les résultats", "Measuring results"),
    ("Questions fréquentes", "Frequently asked questions"),
    ("Les outils disponibles", "The tools available"),
    ("Ce qu'il faut retenir", "Key takeaways"),
    ("Préparer son équipe", "Preparing your team"),
    ("Choisir un fournisseur", "Choosing a supplier"),
];

pub const SUBHEADINGS: Pairs = &[
    ("Avant de commencer", "Before you start"),
    ("Un cas fréquent", "A common case"),
    ("Le coût", "The cost"),
    ("La durée", "How long it takes"),
    ("Les limites", "The limits"),
    ("Une variante", "A variant"),
];

pub const OBJECTIVES: Pairs = &[
    (
        "Comprendre comment {tech} peut aider à {task}",
        "Understand how {tech} can help to {task}",
    ),
    (
        "Savoir {precaution} avant un projet",
        "Know how to {precaution} before a project",
    ),
    (
        "Identifier les données utiles, comme {data}",
        "Identify useful data, such as {data}",
    ),
    (
        "Évaluer les risques, notamment {risk}",
        "Assess the risks, in particular {risk}",
    ),
    (
        "Mesurer les bénéfices : {benefit}",
        "Measure the benefits: {benefit}",
    ),
    (
        "Choisir un outil adapté pour {task}",
        "Choose a suitable tool to {task}",
    ),
];

pub const TITLES_MODULE: Pairs = &[
    ("{Task} avec {tech}", "How to {task} with {tech}"),
    ("Utiliser {tech} pour {task}", "Using {tech} to {task}"),
    ("{Tech} : {task} pas à pas", "{Tech}: {task} step by step"),
    (
        "Initiation : {task} grâce à {tech}",
        "Introduction: {task} with {tech}",
    ),
];

pub const TITLES_USE_CASE: Pairs = &[
    (
        "{City} : {task} grâce à {tech}",
        "{City}: using {tech} to {task}",
    ),
    (
        "{Org} de {City} choisit {tech} pour {task}",
        "{Org} in {City} uses {tech} to {task}",
    ),
];

pub const TITLES_PAGE: Pairs = &[
    ("À propos du programme {n}", "About programme {n}"),
    ("Guide pratique n° {n}", "Practical guide no. {n}"),
    (
        "Foire aux questions, partie {n}",
        "Frequently asked questions, part {n}",
    ),
    (
        "Charte des contributeurs, volet {n}",
        "Contributor charter, section {n}",
    ),
];

/// Sentence templates: slots are {org}, {tech}, {task}, {data}, {benefit},
/// {risk}, {precaution}, {city}, {n} (a number), {p} (a percentage).
pub const SENTENCES: Pairs = &[
    ("Dans {org}, {tech} permet de {task} en s'appuyant sur {data}.", "In {org}, {tech} makes it possible to {task} using {data}."),
    ("Le gain principal : {benefit}, à condition de {precaution}.", "The main gain: {benefit}, provided you {precaution}."),
    ("Avant de se lancer, il faut {precaution} et regarder de près {data}.", "Before starting, you need to {precaution} and look closely at {data}."),
    ("Les équipes ont commencé par {task} sur un périmètre limité, puis ont étendu la démarche à {n} sites.", "The teams started to {task} on a limited scope, then extended the approach to {n} sites."),
    ("Selon la direction, le projet a apporté {benefit} dès les premiers mois.", "According to management, the project brought {benefit} within the first months."),
    ("Le risque le plus souvent cité est {risk}.", "The risk most often mentioned is {risk}."),
    ("À {city}, {org} a mesuré une amélioration de {p} % après {n} semaines d'essai.", "In {city}, {org} measured a {p}% improvement after {n} weeks of trials."),
    ("{Tech} ne remplace pas les personnes : il aide à {task}, et la décision reste humaine.", "{Tech} does not replace people: it helps to {task}, and the decision stays human."),
    ("Il est utile de {precaution}, car {risk} peut compromettre tout le projet.", "It is worth taking the time to {precaution}, because {risk} can jeopardise the whole project."),
    ("Pour {task}, {data} suffisent souvent dans un premier temps.", "To {task}, {data} is often enough to begin with."),
    ("Un accompagnement de {n} jours a permis de {precaution}.", "Support over {n} days made it possible to {precaution}."),
    ("Les salariés formés savent désormais {task} sans aide extérieure.", "Trained staff can now {task} without outside help."),
];

pub const SOLUTIONS: &[(&str, &str, &str)] = &[
    ("Assistant Compta", "Éditeur lyonnais", "fr"),
    ("VisioQualité", "Start-up grenobloise", "fr"),
    ("PrévisionsPlus", "Éditeur européen", "eu"),
    ("TournéeOpti", "Éditeur nantais", "fr"),
    ("ChatMairie", "Éditeur breton", "fr"),
    ("DataLeak", "Éditeur allemand", "eu"),
    ("GenText", "Éditeur américain", "other"),
    ("VoixPro", "Éditeur belge", "eu"),
];

pub const METRICS: Pairs = &[
    ("Temps de saisie des commandes", "Order entry time"),
    ("Déchets alimentaires", "Food waste"),
    ("Délai de réponse", "Response time"),
    ("Consommation d'énergie", "Energy consumption"),
    ("Pannes imprévues", "Unplanned breakdowns"),
    ("Taux d'erreur", "Error rate"),
];

pub const TAGS: &[&str] = &[
    "prompt",
    "données",
    "rgpd",
    "vision",
    "prévision",
    "énergie",
    "qualité",
    "maintenance",
    "relation client",
    "courriel",
    "facturation",
    "logistique",
    "agriculture",
    "santé",
    "tourisme",
    "eau",
    "formation",
    "souveraineté",
    "sécurité",
    "tableur",
];

pub const ROLES: Pairs = &[
    (
        "Chargée de mission innovation",
        "Innovation project officer",
    ),
    ("Dirigeant d'une PME", "SME owner"),
    (
        "Consultante en transformation numérique",
        "Digital transformation consultant",
    ),
    ("Conseiller numérique", "Digital adviser"),
    ("Responsable de la formation", "Head of training"),
    ("Enseignant-chercheur", "Lecturer and researcher"),
];

pub const PROVIDERS: &[&str] = &[
    "Académie de l'IA",
    "CCI régionale",
    "Chambre de métiers",
    "Université partenaire",
    "Organisme de formation agréé",
];
