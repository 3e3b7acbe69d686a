// SPDX-License-Identifier: GPL-3.0-or-later
#include "Population.h"

#include "SplitMix64.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <numeric>
#include <string_view>

namespace {

// clang-format off
// Single words (no spaces, dots, digits or '@': search relies on it), from many regions, with a
// strong West, East and Southern African, Lusophone and Francophone share.
const char* const kFirstNames[] = {
    // West Africa
    "Adebayo", "Adaeze", "Chinedu", "Chiamaka", "Ngozi", "Emeka", "Oluwaseun", "Folake", "Babatunde",
    "Yetunde", "Ifeoma", "Obinna", "Kelechi", "Nnamdi", "Amaka", "Tunde", "Funmilayo", "Abubakar", "Aisha",
    "Hauwa", "Ibrahim", "Musa", "Zainab", "Kwame", "Kofi", "Ama", "Akosua", "Yaw", "Abena", "Kwabena", "Efua",
    "Esi", "Kojo", "Nana", "Mamadou", "Moussa", "Ousmane", "Awa", "Fatou", "Aminata", "Cheikh", "Ndèye",
    "Aïssatou", "Mariama", "Boubacar", "Seydou", "Kadiatou", "Fanta", "Sékou", "Issa",
    // East Africa
    "Wanjiru", "Njeri", "Kamau", "Mwangi", "Achieng", "Otieno", "Akinyi", "Wambui", "Kiprono", "Chebet",
    "Jelimo", "Baraka", "Neema", "Rehema", "Juma", "Halima", "Zawadi", "Imani", "Amani", "Abebe", "Tigist",
    "Selam", "Dawit", "Meron", "Yohannes", "Hiwot", "Nakato", "Babirye", "Mugisha", "Kato", "Nalubega",
    "Habimana", "Uwase", "Mutesi", "Shukuru",
    // Southern Africa
    "Thabo", "Sipho", "Lerato", "Nomvula", "Themba", "Zanele", "Bongani", "Thandiwe", "Lindiwe", "Mpho",
    "Kagiso", "Palesa", "Siyabonga", "Nokuthula", "Tendai", "Tatenda", "Rudo", "Farai", "Chipo", "Tafadzwa",
    "Nyasha", "Mandla", "Ayanda", "Busisiwe", "Lwazi",
    // Lusophone
    "João", "José", "Maria", "Ana", "Antônio", "Francisco", "Conceição", "Luís", "Tiago", "Inês", "Beatriz",
    "Gonçalo", "Rafael", "Mariana", "Lucas", "Gabriela", "Fernanda", "Paulo", "Sebastião", "Joaquim",
    "Domingos", "Esperança", "Graça", "Amélia", "Helena",
    // Francophone
    "Jean", "Pierre", "Marie", "Sophie", "Camille", "Élodie", "Théo", "Chloé", "Léa", "Mathieu", "Nicolas",
    "Amélie", "Hélène", "Étienne", "François", "Céline", "Benoît", "Margaux", "Aurélien", "Gaëlle", "Jérôme",
    "Noémie", "Raphaël", "Mireille", "Rodrigue",
    // Elsewhere
    "James", "Mary", "Michael", "Sarah", "David", "Emma", "Olivia", "Daniel", "Grace", "Samuel", "Ahmed",
    "Fatima", "Omar", "Layla", "Youssef", "Priya", "Arjun", "Mei", "Wei", "Hiroshi", "Yuki", "Sofia", "Mateo",
    "Valentina", "Diego", "Elena", "Ivan", "Olga", "Anna", "Lars", "Ingrid", "Noah", "Liam", "Ava", "Ethan",
    "Zara", "Hassan", "Khadija", "Salma", "Tariq",
};

const char* const kLastNames[] = {
    // West Africa
    "Adeyemi", "Okafor", "Okonkwo", "Eze", "Nwosu", "Balogun", "Adebayo", "Oyelaran", "Ogunleye", "Afolabi",
    "Chukwu", "Obi", "Nwachukwu", "Abdullahi", "Bello", "Danjuma", "Usman", "Mensah", "Owusu", "Boateng",
    "Asante", "Osei", "Agyeman", "Appiah", "Darko", "Ofori", "Diallo", "Ndiaye", "Diop", "Sow", "Fall", "Sy",
    "Ba", "Cissé", "Traoré", "Keïta", "Coulibaly", "Touré", "Camara", "Konaté", "Sissoko", "Kouyaté",
    "Ouédraogo", "Sawadogo", "Kaboré", "Koné", "Bamba", "Yao", "Kouassi", "Akinola",
    // East Africa
    "Kamau", "Mwangi", "Otieno", "Odhiambo", "Ochieng", "Kariuki", "Njoroge", "Wanjiku", "Kiplagat", "Rotich",
    "Kipchoge", "Mutua", "Muthoni", "Omondi", "Okello", "Ssempala", "Nsubuga", "Kiggundu", "Mukasa",
    "Tesfaye", "Bekele", "Haile", "Gebremedhin", "Alemu", "Tadesse", "Girma", "Mbwana", "Mollel", "Kimaro",
    "Massawe", "Shirima", "Mushi", "Niyonzima", "Uwimana", "Hakizimana", "Mugenzi", "Ndayisaba",
    // Southern Africa
    "Dlamini", "Nkosi", "Ndlovu", "Khumalo", "Mokoena", "Mahlangu", "Zulu", "Mthembu", "Sithole", "Ngcobo",
    "Mabaso", "Molefe", "Mokwena", "Nkomo", "Moyo", "Ncube", "Sibanda", "Chikwanha", "Mutasa", "Banda",
    "Phiri", "Mwale", "Tembo", "Chanda", "Mulenga", "Botha", "Pretorius", "Naidoo", "Pillay", "Govender",
    // Lusophone
    "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes",
    "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Sousa", "Fernandes", "Gonçalves",
    "Magalhães", "Araújo", "Mendes", "Nascimento", "Barbosa", "Cardoso", "Teixeira", "Machava", "Cossa",
    "Langa", "Sitoe", "Macuácua", "Kiala", "Domingos", "Capitão", "Simões",
    // Francophone
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Simon", "Laurent", "Lefèvre", "Michel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
    "Rousseau", "Vincent", "Mercier", "Gagnon", "Tremblay", "Côté", "Bélanger", "Kasongo", "Ilunga",
    "Mutombo", "Tshibanda", "Mbuyi",
    // Elsewhere
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Khan", "Ali", "Hussein", "Patel", "Sharma", "Chen",
    "Wang", "Tanaka", "Kim", "Nguyen", "Ivanova",
};

// clang-format on

constexpr int kFirstCount = static_cast<int>(std::size(kFirstNames));
constexpr int kLastCount = static_cast<int>(std::size(kLastNames));
static_assert(kFirstCount * kLastCount <= 65536, "a name pair must fit 16 bits");

struct Name
{
    QString display;
    QString lower;
    std::string ascii; ///< lower-case ASCII letters only, as used in e-mail addresses
};

std::vector<Name> makeNames(const char* const* names, int count)
{
    std::vector<Name> result;
    result.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        Name name;
        name.display = QString::fromUtf8(names[i]);
        name.lower = name.display.toLower();
        for (const QChar c : name.display.normalized(QString::NormalizationForm_D)) {
            if (c.unicode() < 128 && c.isLetter())
                name.ascii.push_back(static_cast<char>(c.toLower().unicode()));
        }
        result.push_back(std::move(name));
    }
    return result;
}

const std::vector<Name>& firstNames()
{
    static const std::vector<Name> names = makeNames(kFirstNames, kFirstCount);
    return names;
}

const std::vector<Name>& lastNames()
{
    static const std::vector<Name> names = makeNames(kLastNames, kLastCount);
    return names;
}

struct PhonePlan
{
    const char* prefix;  ///< country code and a mobile prefix
    int remainingDigits; ///< digits drawn at random after the prefix
};

const PhonePlan kPhonePlans[] = {
    {"+234803", 7}, {"+254712", 6}, {"+2782", 7},   {"+23324", 7}, {"+22177", 7}, {"+22507", 8},
    {"+24492", 7},  {"+25884", 7},  {"+35191", 7},  {"+55119", 8}, {"+336", 8},   {"+2376", 8},
    {"+256772", 6}, {"+25078", 7},  {"+263772", 6}, {"+1415", 7},
};

const char* const kStatuses[] = {"verified", "pending", "rejected", "unverified"};

constexpr quint64 kDetailStream = 0x64657461696c73ULL; // "details"

/// Writes `value` in decimal, left-padded with zeros to `width`; returns the end.
char* writeNumber(char* out, quint32 value, int width)
{
    char digits[16];
    int length = 0;
    do {
        digits[length++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    for (int i = length; i < width; ++i)
        *out++ = '0';
    while (length > 0)
        *out++ = digits[--length];
    return out;
}

bool isAscii(const QString& text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 128; });
}

} // namespace

Population::Population(quint32 count, quint64 seed, const QStringList& workflowIds)
    : m_count(count)
    , m_seed(seed)
    , m_base(SplitMix64::mix(seed ^ 0x706f70756c617469ULL)) // "populati"
    , m_workflowIds(workflowIds.isEmpty() ? QStringList{QStringLiteral("flow_MzA")} : workflowIds)
{
    m_pairs.resize(count);
    for (quint32 id = 1; id <= count; ++id)
        m_pairs[id - 1] = namePair(userHash(id));
}

quint64 Population::userHash(quint32 id) const
{
    return SplitMix64::mix(m_base + static_cast<quint64>(id) * SplitMix64::kGolden);
}

quint16 Population::namePair(quint64 hash) const
{
    const quint64 first = ((hash & 0xFFFFFFFFULL) * static_cast<quint64>(kFirstCount)) >> 32;
    const quint64 last = ((hash >> 32) * static_cast<quint64>(kLastCount)) >> 32;
    return static_cast<quint16>(first * kLastCount + last);
}

PopulationUser Population::user(quint32 id) const
{
    PopulationUser user;
    if (!contains(id))
        return user;
    const quint16 pair = m_pairs[id - 1];
    const Name& first = firstNames()[pair / kLastCount];
    const Name& last = lastNames()[pair % kLastCount];
    const quint64 details = SplitMix64::mix(userHash(id) ^ kDetailStream);

    user.id = id;
    user.firstName = first.display;
    user.lastName = last.display;
    char buffer[32];
    char* end = writeNumber(buffer, id, 6);
    user.referenceId = QLatin1String("REF-") + QLatin1String(buffer, end - buffer);
    end = writeNumber(buffer, id, 0);
    user.email = QLatin1String(first.ascii.data(), static_cast<qsizetype>(first.ascii.size())) + u'.' +
                 QLatin1String(last.ascii.data(), static_cast<qsizetype>(last.ascii.size())) +
                 QLatin1String(buffer, end - buffer) + QLatin1String("@example.com");

    const quint32 statusRoll = static_cast<quint32>(details % 100);
    user.status = QLatin1String(statusRoll < 55   ? kStatuses[0]
                                : statusRoll < 75 ? kStatuses[1]
                                : statusRoll < 85 ? kStatuses[2]
                                                  : kStatuses[3]);

    // The first workflow is the usual onboarding one (70 %); the others share the rest.
    const quint32 workflowRoll = static_cast<quint32>((details >> 8) % 100);
    const qsizetype workflows = m_workflowIds.size();
    const qsizetype workflow =
        workflows == 1 || workflowRoll < 70
            ? 0
            : 1 + static_cast<qsizetype>((details >> 16) % static_cast<quint64>(workflows - 1));
    user.currentWorkflowId = m_workflowIds.at(workflow);

    const PhonePlan& plan = kPhonePlans[(details >> 24) % std::size(kPhonePlans)];
    quint64 digitsSource = details >> 32;
    QString phone = QLatin1String(plan.prefix);
    for (int i = 0; i < plan.remainingDigits; ++i) {
        phone += QChar(u'0' + static_cast<char16_t>(digitsSource % 10));
        digitsSource /= 10;
    }
    user.phone = phone;

    user.attributes = m_overlay.value(id);
    return user;
}

Population::SearchResult Population::search(const QString& text, quint32 offset, quint32 limit)
{
    SearchResult result;
    const QString query = text.trimmed().toLower();
    if (query.isEmpty()) {
        result.total = m_count;
        const quint32 begin = qMin(offset, m_count);
        const quint32 end = static_cast<quint32>(qMin<quint64>(m_count, static_cast<quint64>(begin) + limit));
        result.ids.resize(end - begin);
        std::iota(result.ids.begin(), result.ids.end(), begin + 1);
        return result;
    }
    const std::vector<quint32>& all = matches(query);
    result.total = static_cast<quint32>(all.size());
    const size_t begin = qMin<size_t>(offset, all.size());
    const size_t end = qMin<size_t>(all.size(), begin + limit);
    result.ids.assign(all.begin() + static_cast<std::ptrdiff_t>(begin),
                      all.begin() + static_cast<std::ptrdiff_t>(end));
    return result;
}

std::vector<char> Population::pairMask(const QString& query) const
{
    const std::vector<Name>& firsts = firstNames();
    const std::vector<Name>& lasts = lastNames();
    const QByteArray asciiQuery = isAscii(query) ? query.toLatin1() : QByteArray();
    const std::string_view asciiView(asciiQuery.constData(), static_cast<size_t>(asciiQuery.size()));
    const auto nameMatches = [&](const Name& name) {
        return name.lower.contains(query) ||
               (!asciiView.empty() && std::string_view(name.ascii).find(asciiView) != std::string_view::npos);
    };
    std::vector<char> firstMatch(firsts.size());
    std::vector<char> lastMatch(lasts.size());
    std::transform(firsts.cbegin(), firsts.cend(), firstMatch.begin(), nameMatches);
    std::transform(lasts.cbegin(), lasts.cend(), lastMatch.begin(), nameMatches);

    // Only a query holding the separator can span two names ("ana silva", "ana.silva").
    const bool spansFullName = query.contains(u' ');
    const bool spansEmail = !asciiView.empty() && query.contains(u'.');
    std::vector<char> mask(static_cast<size_t>(kFirstCount) * kLastCount);
    QString fullName;
    std::string emailPart;
    for (int f = 0; f < kFirstCount; ++f) {
        for (int l = 0; l < kLastCount; ++l) {
            bool match = firstMatch[f] || lastMatch[l];
            if (!match && spansFullName) {
                fullName = firsts[f].lower + u' ' + lasts[l].lower;
                match = fullName.contains(query);
            }
            if (!match && spansEmail) {
                emailPart = firsts[f].ascii + '.' + lasts[l].ascii;
                match = emailPart.find(asciiView) != std::string::npos;
            }
            mask[static_cast<size_t>(f) * kLastCount + l] = match;
        }
    }
    return mask;
}

const std::vector<quint32>& Population::matches(const QString& query)
{
    if (m_hasCache && m_cachedQuery == query)
        return m_cachedMatches;
    m_cachedMatches.clear();
    m_cachedQuery = query;
    m_hasCache = true;

    // Fragments of the parts every user shares ("@example.com", "ref-") match everyone.
    if (QStringLiteral("@example.com").contains(query) || QStringLiteral("ref-").contains(query)) {
        m_cachedMatches.resize(m_count);
        std::iota(m_cachedMatches.begin(), m_cachedMatches.end(), 1U);
        return m_cachedMatches;
    }

    const bool hasDigit = std::any_of(query.cbegin(), query.cend(), [](QChar c) { return c.isDigit(); });
    if (!hasDigit) {
        // Only the names, and the names part of the e-mail address, can hold a query without digits.
        const std::vector<char> mask = pairMask(query);
        for (quint32 id = 1; id <= m_count; ++id) {
            if (mask[m_pairs[id - 1]])
                m_cachedMatches.push_back(id);
        }
        return m_cachedMatches;
    }
    matchWithDigits(query);
    return m_cachedMatches;
}

void Population::matchWithDigits(const QString& query)
{
    // Names hold no digits: a query with digits can only lie in the e-mail address
    // (A + D + "@example.com", A = first.last, D = the id) or in the reference ("ref-" + P, P = the
    // id padded to 6 digits). Its digits then all come from D or P, so the query reads L + N + R
    // with N the digits, L a suffix of A (or of "ref-") and R a prefix of "@example.com".
    if (!isAscii(query))
        return;
    const QByteArray ascii = query.toLatin1();
    const std::string_view q(ascii.constData(), static_cast<size_t>(ascii.size()));
    const size_t firstDigit = q.find_first_of("0123456789");
    const size_t lastDigit = q.find_last_of("0123456789");
    const std::string_view left = q.substr(0, firstDigit);
    const std::string_view digits = q.substr(firstDigit, lastDigit - firstDigit + 1);
    const std::string_view right = q.substr(lastDigit + 1);
    if (digits.find_first_not_of("0123456789") != std::string_view::npos || digits.size() > 10)
        return;

    const auto startsWith = [](std::string_view text, std::string_view prefix) {
        return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
    };
    const auto endsWith = [](std::string_view text, std::string_view suffix) {
        return text.size() >= suffix.size() &&
               text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    const bool rightFitsEmail = right.empty() || startsWith("@example.com", right);
    const bool leftFitsReference = !left.empty() && right.empty() && endsWith("ref-", left);

    std::vector<char> leftFitsEmail;
    if (!left.empty() && rightFitsEmail) {
        leftFitsEmail.resize(static_cast<size_t>(kFirstCount) * kLastCount);
        const std::vector<Name>& firsts = firstNames();
        const std::vector<Name>& lasts = lastNames();
        std::string names;
        for (int f = 0; f < kFirstCount; ++f) {
            for (int l = 0; l < kLastCount; ++l) {
                names = firsts[f].ascii + '.' + lasts[l].ascii;
                leftFitsEmail[static_cast<size_t>(f) * kLastCount + l] = endsWith(names, left);
            }
        }
    }

    // The padded id, counted up in place rather than formatted for each user.
    char padded[16] = {'0', '0', '0', '0', '0', '0'};
    size_t paddedLength = 6;
    for (quint32 id = 1; id <= m_count; ++id) {
        size_t position = paddedLength;
        while (position > 0 && padded[position - 1] == '9')
            padded[--position] = '0';
        if (position == 0) {
            std::memmove(padded + 1, padded, paddedLength++);
            padded[0] = '1';
        } else {
            ++padded[position - 1];
        }
        const std::string_view reference(padded, paddedLength);
        const std::string_view number =
            reference.substr(qMin(reference.find_first_not_of('0'), paddedLength));

        bool match = false;
        if (left.empty() && right.empty()) {
            match = reference.find(digits) != std::string_view::npos; // the id is a suffix of the padded id
        } else {
            if (rightFitsEmail && (left.empty() || leftFitsEmail[m_pairs[id - 1]])) {
                if (!left.empty() && !right.empty())
                    match = number == digits;
                else if (!left.empty())
                    match = startsWith(number, digits);
                else
                    match = endsWith(number, digits);
            }
            if (!match && leftFitsReference)
                match = startsWith(reference, digits);
        }
        if (match)
            m_cachedMatches.push_back(id);
    }
}

QVariant Population::attribute(quint32 id, const QString& key) const
{
    const auto it = m_overlay.constFind(id);
    return it == m_overlay.cend() ? QVariant() : it->value(key);
}

void Population::setAttribute(quint32 id, const QString& key, const QVariant& value)
{
    if (!contains(id))
        return;
    if (value.isValid())
        m_overlay[id].insert(key, value);
    else if (auto it = m_overlay.find(id); it != m_overlay.end())
        it->remove(key);
}

QStringList Population::statuses()
{
    QStringList list;
    for (const char* status : kStatuses)
        list << QLatin1String(status);
    return list;
}

int Population::firstNameCount()
{
    return kFirstCount;
}

int Population::lastNameCount()
{
    return kLastCount;
}
