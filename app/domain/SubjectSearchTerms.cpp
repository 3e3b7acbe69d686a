// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectSearchTerms.h"

#include "Subject.h"

namespace {
bool isMark(QChar c)
{
    const QChar::Category cat = c.category();
    return cat == QChar::Mark_NonSpacing || cat == QChar::Mark_SpacingCombining ||
           cat == QChar::Mark_Enclosing;
}

QString cut(const QString& text)
{
    return text.left(SubjectSearchTerms::kMaxTermLength);
}

/// The runs of letters and digits of an already normalised text.
QStringList wordsOf(const QString& text)
{
    QStringList words;
    QString word;
    for (const QChar c : text) {
        if (c.isLetterOrNumber()) {
            word += c;
        } else if (!word.isEmpty()) {
            words << word;
            word.clear();
        }
    }
    if (!word.isEmpty())
        words << word;
    return words;
}

void add(QList<SubjectSearchTerms::Term>* terms, SubjectSearchTerms::Kind kind, const QString& text)
{
    const SubjectSearchTerms::Term term{kind, cut(text)};
    if (!term.text.isEmpty() && !terms->contains(term))
        terms->append(term);
}

void addWithWords(QList<SubjectSearchTerms::Term>* terms, SubjectSearchTerms::Kind kind, const QString& whole,
                  const QString& wordsFrom)
{
    add(terms, kind, whole);
    const QStringList words = wordsOf(wordsFrom);
    // A single word equal to the whole value is already there.
    for (const QString& w : words)
        add(terms, kind, w);
}
} // namespace

QString SubjectSearchTerms::simplified(const QString& text)
{
    return text.simplified();
}

QString SubjectSearchTerms::normalised(const QString& text)
{
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (!isMark(c))
            out += c;
    }
    return out.toCaseFolded().simplified();
}

QString SubjectSearchTerms::phoneDigits(const QString& text)
{
    QString digits;
    for (const QChar c : text) {
        if (c >= u'0' && c <= u'9')
            digits += c;
    }
    return digits;
}

QList<SubjectSearchTerms::Term> SubjectSearchTerms::of(const Subject& subject)
{
    QList<Term> terms;
    const QString reference = normalised(subject.reference);
    addWithWords(&terms, Kind::Reference, reference, reference);
    const QString email = normalised(subject.email);
    addWithWords(&terms, Kind::Email, email, email.section(u'@', 0, 0));
    const QString name = normalised(subject.name);
    addWithWords(&terms, Kind::Name, name, name);
    add(&terms, Kind::Phone, phoneDigits(subject.phone));
    return terms;
}

QString SubjectSearchTerms::queryFor(Kind kind, const QString& text)
{
    if (kind != Kind::Phone)
        return cut(normalised(text));
    for (const QChar c : text) {
        const bool phoneLike = (c >= u'0' && c <= u'9') || c == u' ' || c == u'+' || c == u'-' || c == u'.' ||
                               c == u'(' || c == u')';
        if (!phoneLike)
            return QString();
    }
    return cut(phoneDigits(text));
}
