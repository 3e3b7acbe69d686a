// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QMap>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class SubjectService;

/// "Link to subject…": records in the index that the shown person's provider ids belong to the
/// subject reference the officer types (created when new), with a reason (audited).
class LinkSubjectDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinkSubjectDialog)

public:
    /// `ids`: provider key → id of the person; `reference` prefills the subject (may be empty).
    LinkSubjectDialog(SubjectService* subjects, const QMap<QString, QString>& ids, const QString& reference,
                      QWidget* parent = nullptr);

    QString errorText() const;
    /// "Link id…": the officer also types the id the person has at `provider` (e.g. the Smile ID user
    /// id they were enrolled under), linked with the others; prefilled with `current`.
    void askForId(const QString& provider, const QString& current);

signals:
    /// The records are linked to `reference`; `ids` as linked (with the typed one).
    void linked(const QString& reference, const QMap<QString, QString>& ids);

private:
    void updateWidgets();
    void apply();

    SubjectService* m_subjects;
    QMap<QString, QString> m_ids;
    QString m_askedProvider; ///< askForId(): the provider whose id m_askedId holds
    QLineEdit* m_askedId = nullptr;
    QLineEdit* m_reference;
    QLineEdit* m_reason;
    QLabel* m_error;
    QDialogButtonBox* m_buttons;
};
