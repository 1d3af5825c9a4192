extension EntryCatalog {
    /// Every entry type of a cooperative's ledger: the core, membership, dues, equity, governance and patronage.
    public static let cooperative = EntryCatalog.core.adding([
        MemberChangeHandler(),
        MemberLeaveHandler(type: .memberWithdraw), MemberLeaveHandler(type: .memberExpel),
        MemberSuspensionHandler(type: .memberSuspend), MemberSuspensionHandler(type: .memberReinstate),
        DuesMovementHandler(type: .duesPay), DuesMovementHandler(type: .duesWaive), DuesMovementHandler(type: .duesRefund),
        DuesVoidHandler(),
        SharePaymentHandler(), RedemptionHandler(), EquityVoidHandler(),
        MotionProposeHandler(), MotionSecondHandler(), MotionOpenHandler(), BallotCastHandler(),
        ProxyGrantHandler(), ProxyRevokeHandler(), MotionCloseHandler(),
        PatronageRecordHandler(), ConsentHandler(), YearCloseHandler(), PatronageCommitHandler(),
        PatronagePayHandler(), PatronageNotifyHandler(), RevolveHandler(),
        BooksCloseHandler(),
        TrusteeKeyHandler(), TrusteeDealHandler(), TrusteeCheckHandler(), TrusteeSetupHandler(),
        SecretBallotHandler(), MotionSealHandler(), TrusteeDecryptHandler(),
    ])
}
