// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/LinkSuggestion.h"

#include <QDialog>
#include <QList>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class SubjectService;

/// Lists the records federated search thinks are the same person (same e-mail or phone) and lets
/// the officer confirm one: SubjectService::confirm() with a subject reference (required when
/// neither record is linked yet) and a reason.
class LinkSuggestionsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinkSuggestionsDialog)

public:
    LinkSuggestionsDialog(SubjectService* subjects, const QList<LinkSuggestion>& suggestions,
                          QWidget* parent = nullptr);

    static QString describe(const LinkSuggestion& s);
    QString errorText() const;

signals:
    void confirmed(const QString& reference);

private:
    void updateWidgets();
    void confirm();

    SubjectService* m_subjects;
    QList<LinkSuggestion> m_suggestions;
    QListWidget* m_list;
    QLineEdit* m_reference;
    QLineEdit* m_reason;
    QLabel* m_error;
    QPushButton* m_confirm;
};
