// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

struct Subject;

/// The words the subject index is searched by (docs/architecture.md section 8, *The subject index*):
/// one rule for what is stored and for what is asked, so that both are normalised alike. A term is a
/// normalised word or whole value of one kind; a query matches a term when it is a prefix of it.
class SubjectSearchTerms final
{
public:
    /// The kinds, in the order results are ranked (after an exact provider id).
    enum class Kind
    {
        Reference = 1,
        Email = 2,
        Name = 3,
        Phone = 4,
    };

    struct Term
    {
        Kind kind = Kind::Reference;
        QString text;
        bool operator==(const Term& o) const { return kind == o.kind && text == o.text; }
    };

    /// Longest term kept (longer words are cut; a query is cut alike): fits any btree key.
    static constexpr int kMaxTermLength = 100;

    SubjectSearchTerms() = delete;
    /// Case-folded, accents removed (NFKD without its combining marks), runs of white space made one
    /// space, trimmed: "  Zoë  DA Silva " → "zoe da silva".
    static QString normalised(const QString& text);
    /// The digits of a phone number only: "+44 (0)20 7946-0018" → "4402079460018".
    static QString phoneDigits(const QString& text);
    /// White space trimmed and made single spaces, nothing else changed (how names and phones are kept).
    static QString simplified(const QString& text);
    /// Every term of a subject, without duplicates: its whole reference, e-mail and name and each of
    /// their words (a word is a run of letters and digits; for an e-mail, of its part before the @),
    /// and the phone's digits.
    static QList<Term> of(const Subject& subject);
    /// What a query asks of each kind: the normalised text (Reference, Email, Name), and the digits
    /// when the text looks like a phone number (digits, spaces and + - . ( ) only); empty: not asked.
    static QString queryFor(Kind kind, const QString& text);
};
