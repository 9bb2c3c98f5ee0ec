// Generated from crates/pos-api by `make bindings`. Do not edit.
import type { AddPhoto } from "./AddPhoto";
import type { AddPortfolioItem } from "./AddPortfolioItem";
import type { Amount } from "./Amount";
import type { ApiError } from "./ApiError";
import type { AppStatus } from "./AppStatus";
import type { ApplyPriceChange } from "./ApplyPriceChange";
import type { Approval } from "./Approval";
import type { ApprovalRequest } from "./ApprovalRequest";
import type { AuditEvent } from "./AuditEvent";
import type { AuditRequest } from "./AuditRequest";
import type { BackupEntry } from "./BackupEntry";
import type { BackupPath } from "./BackupPath";
import type { BackupSettings } from "./BackupSettings";
import type { BackupTaken } from "./BackupTaken";
import type { BarcodeKind } from "./BarcodeKind";
import type { BarcodeLookup } from "./BarcodeLookup";
import type { BlobData } from "./BlobData";
import type { BlobRefs } from "./BlobRefs";
import type { Booking } from "./Booking";
import type { BookingAction } from "./BookingAction";
import type { BookingMove } from "./BookingMove";
import type { BookingRange } from "./BookingRange";
import type { BookingRef } from "./BookingRef";
import type { BookingResource } from "./BookingResource";
import type { BookingService } from "./BookingService";
import type { BookingSetup } from "./BookingSetup";
import type { BookingStatus } from "./BookingStatus";
import type { BookingWindow } from "./BookingWindow";
import type { CartLine } from "./CartLine";
import type { CartQuote } from "./CartQuote";
import type { CashMovement } from "./CashMovement";
import type { CatalogueExportRequest } from "./CatalogueExportRequest";
import type { CatalogueFile } from "./CatalogueFile";
import type { Category } from "./Category";
import type { CategoryInput } from "./CategoryInput";
import type { CategoryUpdate } from "./CategoryUpdate";
import type { Cell } from "./Cell";
import type { ChangeOwnPassword } from "./ChangeOwnPassword";
import type { Chart } from "./Chart";
import type { ChartKind } from "./ChartKind";
import type { ChatAssignRequest } from "./ChatAssignRequest";
import type { ChatConversation } from "./ChatConversation";
import type { ChatListRequest } from "./ChatListRequest";
import type { ChatMessage } from "./ChatMessage";
import type { ChatResolveRequest } from "./ChatResolveRequest";
import type { ChatSearch } from "./ChatSearch";
import type { ChatSender } from "./ChatSender";
import type { ChatStaff } from "./ChatStaff";
import type { ChatStatus } from "./ChatStatus";
import type { ChatTerminal } from "./ChatTerminal";
import type { ChatTyping } from "./ChatTyping";
import type { ChatUnread } from "./ChatUnread";
import type { CheckoutRequest } from "./CheckoutRequest";
import type { CheckoutResult } from "./CheckoutResult";
import type { CloseShift } from "./CloseShift";
import type { Column } from "./Column";
import type { ColumnKind } from "./ColumnKind";
import type { Contents } from "./Contents";
import type { Copy } from "./Copy";
import type { CountId } from "./CountId";
import type { CountPosted } from "./CountPosted";
import type { CountScan } from "./CountScan";
import type { CountScope } from "./CountScope";
import type { CountStatus } from "./CountStatus";
import type { CountedProduct } from "./CountedProduct";
import type { CounterSettings } from "./CounterSettings";
import type { CourierService } from "./CourierService";
import type { CsvFile } from "./CsvFile";
import type { Customer } from "./Customer";
import type { CustomerSearch } from "./CustomerSearch";
import type { Dashboard } from "./Dashboard";
import type { DashboardRequest } from "./DashboardRequest";
import type { DayHours } from "./DayHours";
import type { DeliveryQuoteRequest } from "./DeliveryQuoteRequest";
import type { Deposit } from "./Deposit";
import type { DeskBooking } from "./DeskBooking";
import type { DeviceInfo } from "./DeviceInfo";
import type { Discount } from "./Discount";
import type { DisplayLine } from "./DisplayLine";
import type { DisplayPass } from "./DisplayPass";
import type { DisplayState } from "./DisplayState";
import type { Empty } from "./Empty";
import type { EnrolmentCode } from "./EnrolmentCode";
import type { EnrolmentCodeRequest } from "./EnrolmentCodeRequest";
import type { ErrorCode } from "./ErrorCode";
import type { ExportFile } from "./ExportFile";
import type { ExportFormat } from "./ExportFormat";
import type { ExportProgress } from "./ExportProgress";
import type { ExportRequest } from "./ExportRequest";
import type { Field } from "./Field";
import type { Figures } from "./Figures";
import type { GoodsReceipt } from "./GoodsReceipt";
import type { GoodsReceiptLine } from "./GoodsReceiptLine";
import type { Granularity } from "./Granularity";
import type { ImportApplied } from "./ImportApplied";
import type { ImportFile } from "./ImportFile";
import type { ImportPreview } from "./ImportPreview";
import type { JoinStoreRequest } from "./JoinStoreRequest";
import type { LabelJob } from "./LabelJob";
import type { LabelJobId } from "./LabelJobId";
import type { LabelLanguage } from "./LabelLanguage";
import type { LabelPreview } from "./LabelPreview";
import type { LabelPrinter } from "./LabelPrinter";
import type { LabelStock } from "./LabelStock";
import type { LandedSplit } from "./LandedSplit";
import type { Lang } from "./Lang";
import type { LinkStoreRequest } from "./LinkStoreRequest";
import type { LiveRate } from "./LiveRate";
import type { LiveRates } from "./LiveRates";
import type { LiveRatesRequest } from "./LiveRatesRequest";
import type { LowStockRequest } from "./LowStockRequest";
import type { Manifest } from "./Manifest";
import type { Money } from "./Money";
import type { MovementReason } from "./MovementReason";
import type { MovementsRequest } from "./MovementsRequest";
import type { NewCustomer } from "./NewCustomer";
import type { NewDeliveryOrder } from "./NewDeliveryOrder";
import type { NewProduct } from "./NewProduct";
import type { NewUserRequest } from "./NewUserRequest";
import type { OpenCount } from "./OpenCount";
import type { OpenShift } from "./OpenShift";
import type { Order } from "./Order";
import type { OrderEvent } from "./OrderEvent";
import type { OrderFilter } from "./OrderFilter";
import type { OrderId } from "./OrderId";
import type { OrderIds } from "./OrderIds";
import type { OrderLine } from "./OrderLine";
import type { OrderLineInput } from "./OrderLineInput";
import type { OrderStatus } from "./OrderStatus";
import type { PackResult } from "./PackResult";
import type { PackScan } from "./PackScan";
import type { PackedWeight } from "./PackedWeight";
import type { PaperWidth } from "./PaperWidth";
import type { ParkRequest } from "./ParkRequest";
import type { ParkedId } from "./ParkedId";
import type { ParkedSale } from "./ParkedSale";
import type { Party } from "./Party";
import type { Permission } from "./Permission";
import type { Photo } from "./Photo";
import type { PhotoOrder } from "./PhotoOrder";
import type { PhotoRef } from "./PhotoRef";
import type { PickGroup } from "./PickGroup";
import type { PickItem } from "./PickItem";
import type { PickList } from "./PickList";
import type { PoDraft } from "./PoDraft";
import type { PoLineInput } from "./PoLineInput";
import type { PoLineView } from "./PoLineView";
import type { PoListRequest } from "./PoListRequest";
import type { PoRef } from "./PoRef";
import type { PoStatus } from "./PoStatus";
import type { PoSummary } from "./PoSummary";
import type { PoView } from "./PoView";
import type { PortfolioItem } from "./PortfolioItem";
import type { PostCount } from "./PostCount";
import type { PostReceipt } from "./PostReceipt";
import type { PriceAdjust } from "./PriceAdjust";
import type { PriceChangeRequest } from "./PriceChangeRequest";
import type { PricePreview } from "./PricePreview";
import type { PricePreviewLine } from "./PricePreviewLine";
import type { PriceRounding } from "./PriceRounding";
import type { PriceScope } from "./PriceScope";
import type { PricesChanged } from "./PricesChanged";
import type { PrintOutcome } from "./PrintOutcome";
import type { PrinterConfig } from "./PrinterConfig";
import type { Product } from "./Product";
import type { ProductId } from "./ProductId";
import type { ProductIds } from "./ProductIds";
import type { ProductLabelsRequest } from "./ProductLabelsRequest";
import type { ProductLabelsResult } from "./ProductLabelsResult";
import type { ProductPhotos } from "./ProductPhotos";
import type { ProductSearch } from "./ProductSearch";
import type { ProductThumb } from "./ProductThumb";
import type { ProductUpdate } from "./ProductUpdate";
import type { ProfileInput } from "./ProfileInput";
import type { ProfileUpdate } from "./ProfileUpdate";
import type { Progress } from "./Progress";
import type { QrisRef } from "./QrisRef";
import type { QrisStart } from "./QrisStart";
import type { QrisState } from "./QrisState";
import type { QrisView } from "./QrisView";
import type { QueuedLabel } from "./QueuedLabel";
import type { QuickReplies } from "./QuickReplies";
import type { QuoteLine } from "./QuoteLine";
import type { QuoteRequest } from "./QuoteRequest";
import type { ReceiptLookup } from "./ReceiptLookup";
import type { ReceiptPdf } from "./ReceiptPdf";
import type { ReceiptPosted } from "./ReceiptPosted";
import type { ReceiptSummary } from "./ReceiptSummary";
import type { ReceiveScan } from "./ReceiveScan";
import type { Receiving } from "./Receiving";
import type { ReceivingLine } from "./ReceivingLine";
import type { Release } from "./Release";
import type { RemovePortfolioItem } from "./RemovePortfolioItem";
import type { ReorderLine } from "./ReorderLine";
import type { RepairPart } from "./RepairPart";
import type { RepairStage } from "./RepairStage";
import type { RepairStep } from "./RepairStep";
import type { RepairTicket } from "./RepairTicket";
import type { Report } from "./Report";
import type { ReportKind } from "./ReportKind";
import type { ReportRequest } from "./ReportRequest";
import type { ReprintRequest } from "./ReprintRequest";
import type { ResetPassword } from "./ResetPassword";
import type { ResetPin } from "./ResetPin";
import type { ResolveRequest } from "./ResolveRequest";
import type { ResourceKind } from "./ResourceKind";
import type { RestorePlan } from "./RestorePlan";
import type { RestoreRequest } from "./RestoreRequest";
import type { Return } from "./Return";
import type { ReturnLine } from "./ReturnLine";
import type { ReturnLineInput } from "./ReturnLineInput";
import type { ReturnRequest } from "./ReturnRequest";
import type { ReturnResult } from "./ReturnResult";
import type { ReviewItem } from "./ReviewItem";
import type { ReviewRequest } from "./ReviewRequest";
import type { RevokeRequest } from "./RevokeRequest";
import type { Role } from "./Role";
import type { RowProblem } from "./RowProblem";
import type { Sale } from "./Sale";
import type { SaleLine } from "./SaleLine";
import type { SaveBookingResource } from "./SaveBookingResource";
import type { SaveBookingService } from "./SaveBookingService";
import type { SavedResource } from "./SavedResource";
import type { SavedService } from "./SavedService";
import type { SendChatRequest } from "./SendChatRequest";
import type { Series } from "./Series";
import type { ServerAccount } from "./ServerAccount";
import type { ServiceKind } from "./ServiceKind";
import type { ServicePackage } from "./ServicePackage";
import type { SessionInfo } from "./SessionInfo";
import type { SetOwnPin } from "./SetOwnPin";
import type { SetupRequest } from "./SetupRequest";
import type { SheetFormat } from "./SheetFormat";
import type { ShelfLabelQueue } from "./ShelfLabelQueue";
import type { Shift } from "./Shift";
import type { ShiftReport } from "./ShiftReport";
import type { ShiftTotals } from "./ShiftTotals";
import type { ShiftVariance } from "./ShiftVariance";
import type { ShippingLabel } from "./ShippingLabel";
import type { ShippingQuote } from "./ShippingQuote";
import type { ShippingQuoteRequest } from "./ShippingQuoteRequest";
import type { ShopLogo } from "./ShopLogo";
import type { ShopSettings } from "./ShopSettings";
import type { SignInRequest } from "./SignInRequest";
import type { Slot } from "./Slot";
import type { SlotQuery } from "./SlotQuery";
import type { StockAdjusted } from "./StockAdjusted";
import type { StockAdjustment } from "./StockAdjustment";
import type { StockAlert } from "./StockAlert";
import type { StockCount } from "./StockCount";
import type { StockMovement } from "./StockMovement";
import type { StoreProfile } from "./StoreProfile";
import type { Supplier } from "./Supplier";
import type { SupplierInput } from "./SupplierInput";
import type { SupplierRef } from "./SupplierRef";
import type { SupplierReturn } from "./SupplierReturn";
import type { SupplierReturnInput } from "./SupplierReturnInput";
import type { SupplierReturnLine } from "./SupplierReturnLine";
import type { SupplierReturnLineInput } from "./SupplierReturnLineInput";
import type { SupplierReturnSummary } from "./SupplierReturnSummary";
import type { SupplierUpdate } from "./SupplierUpdate";
import type { SwitchCandidate } from "./SwitchCandidate";
import type { SwitchUserRequest } from "./SwitchUserRequest";
import type { SyncInfo } from "./SyncInfo";
import type { SyncStatus } from "./SyncStatus";
import type { TableFile } from "./TableFile";
import type { TablesExport } from "./TablesExport";
import type { Tender } from "./Tender";
import type { TenderInput } from "./TenderInput";
import type { TenderKind } from "./TenderKind";
import type { TopProduct } from "./TopProduct";
import type { TrackEvent } from "./TrackEvent";
import type { Tracking } from "./Tracking";
import type { TrackingRequest } from "./TrackingRequest";
import type { TransitionRequest } from "./TransitionRequest";
import type { Transport } from "./Transport";
import type { TrustRequest } from "./TrustRequest";
import type { UnlockRequest } from "./UnlockRequest";
import type { UpdateStatus } from "./UpdateStatus";
import type { User } from "./User";
import type { UserUpdate } from "./UserUpdate";
import type { Variance } from "./Variance";
import type { VarianceLine } from "./VarianceLine";
import type { VarianceRequest } from "./VarianceRequest";
import type { VoidRequest } from "./VoidRequest";
export type { AddPhoto, AddPortfolioItem, Amount, ApiError, AppStatus, ApplyPriceChange, Approval, ApprovalRequest, AuditEvent, AuditRequest, BackupEntry, BackupPath, BackupSettings, BackupTaken, BarcodeKind, BarcodeLookup, BlobData, BlobRefs, Booking, BookingAction, BookingMove, BookingRange, BookingRef, BookingResource, BookingService, BookingSetup, BookingStatus, BookingWindow, CartLine, CartQuote, CashMovement, CatalogueExportRequest, CatalogueFile, Category, CategoryInput, CategoryUpdate, Cell, ChangeOwnPassword, Chart, ChartKind, ChatAssignRequest, ChatConversation, ChatListRequest, ChatMessage, ChatResolveRequest, ChatSearch, ChatSender, ChatStaff, ChatStatus, ChatTerminal, ChatTyping, ChatUnread, CheckoutRequest, CheckoutResult, CloseShift, Column, ColumnKind, Contents, Copy, CountId, CountPosted, CountScan, CountScope, CountStatus, CountedProduct, CounterSettings, CourierService, CsvFile, Customer, CustomerSearch, Dashboard, DashboardRequest, DayHours, DeliveryQuoteRequest, Deposit, DeskBooking, DeviceInfo, Discount, DisplayLine, DisplayPass, DisplayState, Empty, EnrolmentCode, EnrolmentCodeRequest, ErrorCode, ExportFile, ExportFormat, ExportProgress, ExportRequest, Field, Figures, GoodsReceipt, GoodsReceiptLine, Granularity, ImportApplied, ImportFile, ImportPreview, JoinStoreRequest, LabelJob, LabelJobId, LabelLanguage, LabelPreview, LabelPrinter, LabelStock, LandedSplit, Lang, LinkStoreRequest, LiveRate, LiveRates, LiveRatesRequest, LowStockRequest, Manifest, Money, MovementReason, MovementsRequest, NewCustomer, NewDeliveryOrder, NewProduct, NewUserRequest, OpenCount, OpenShift, Order, OrderEvent, OrderFilter, OrderId, OrderIds, OrderLine, OrderLineInput, OrderStatus, PackResult, PackScan, PackedWeight, PaperWidth, ParkRequest, ParkedId, ParkedSale, Party, Permission, Photo, PhotoOrder, PhotoRef, PickGroup, PickItem, PickList, PoDraft, PoLineInput, PoLineView, PoListRequest, PoRef, PoStatus, PoSummary, PoView, PortfolioItem, PostCount, PostReceipt, PriceAdjust, PriceChangeRequest, PricePreview, PricePreviewLine, PriceRounding, PriceScope, PricesChanged, PrintOutcome, PrinterConfig, Product, ProductId, ProductIds, ProductLabelsRequest, ProductLabelsResult, ProductPhotos, ProductSearch, ProductThumb, ProductUpdate, ProfileInput, ProfileUpdate, Progress, QrisRef, QrisStart, QrisState, QrisView, QueuedLabel, QuickReplies, QuoteLine, QuoteRequest, ReceiptLookup, ReceiptPdf, ReceiptPosted, ReceiptSummary, ReceiveScan, Receiving, ReceivingLine, Release, RemovePortfolioItem, ReorderLine, RepairPart, RepairStage, RepairStep, RepairTicket, Report, ReportKind, ReportRequest, ReprintRequest, ResetPassword, ResetPin, ResolveRequest, ResourceKind, RestorePlan, RestoreRequest, Return, ReturnLine, ReturnLineInput, ReturnRequest, ReturnResult, ReviewItem, ReviewRequest, RevokeRequest, Role, RowProblem, Sale, SaleLine, SaveBookingResource, SaveBookingService, SavedResource, SavedService, SendChatRequest, Series, ServerAccount, ServiceKind, ServicePackage, SessionInfo, SetOwnPin, SetupRequest, SheetFormat, ShelfLabelQueue, Shift, ShiftReport, ShiftTotals, ShiftVariance, ShippingLabel, ShippingQuote, ShippingQuoteRequest, ShopLogo, ShopSettings, SignInRequest, Slot, SlotQuery, StockAdjusted, StockAdjustment, StockAlert, StockCount, StockMovement, StoreProfile, Supplier, SupplierInput, SupplierRef, SupplierReturn, SupplierReturnInput, SupplierReturnLine, SupplierReturnLineInput, SupplierReturnSummary, SupplierUpdate, SwitchCandidate, SwitchUserRequest, SyncInfo, SyncStatus, TableFile, TablesExport, Tender, TenderInput, TenderKind, TopProduct, TrackEvent, Tracking, TrackingRequest, TransitionRequest, Transport, TrustRequest, UnlockRequest, UpdateStatus, User, UserUpdate, Variance, VarianceLine, VarianceRequest, VoidRequest };

export interface Commands {
  app_status: { request: Empty; response: AppStatus };
  complete_setup: { request: SetupRequest; response: SessionInfo };
  sign_in: { request: SignInRequest; response: SessionInfo };
  whoami: { request: Empty; response: SessionInfo };
  sign_out: { request: Empty; response: Empty };
  lock_screen: { request: Empty; response: Empty };
  touch: { request: Empty; response: Empty };
  backup_settings: { request: Empty; response: BackupSettings };
  set_backup_settings: { request: BackupSettings; response: BackupSettings };
  backup_progress: { request: Empty; response: Progress };
  backup_now: { request: Empty; response: BackupTaken };
  list_backups: { request: Empty; response: Array<BackupEntry> };
  restore_plan: { request: BackupPath; response: RestorePlan };
  restore_backup: { request: RestoreRequest; response: RestorePlan };
  export_all: { request: TablesExport; response: Manifest };
  unlock: { request: UnlockRequest; response: SessionInfo };
  switch_candidates: { request: Empty; response: Array<SwitchCandidate> };
  switch_user: { request: SwitchUserRequest; response: SessionInfo };
  change_own_password: { request: ChangeOwnPassword; response: Empty };
  set_own_pin: { request: SetOwnPin; response: Empty };
  store_profile: { request: Empty; response: StoreProfile };
  update_store_profile: { request: ProfileUpdate; response: StoreProfile };
  list_users: { request: Empty; response: Array<User> };
  create_user: { request: NewUserRequest; response: User };
  update_user: { request: UserUpdate; response: User };
  reset_password: { request: ResetPassword; response: Empty };
  reset_pin: { request: ResetPin; response: Empty };
  list_categories: { request: Empty; response: Array<Category> };
  create_category: { request: CategoryInput; response: Category };
  update_category: { request: CategoryUpdate; response: Category };
  list_suppliers: { request: Empty; response: Array<Supplier> };
  create_supplier: { request: SupplierInput; response: Supplier };
  update_supplier: { request: SupplierUpdate; response: Supplier };
  search_products: { request: ProductSearch; response: Array<Product> };
  get_product: { request: ProductId; response: Product };
  product_by_barcode: { request: BarcodeLookup; response: Product | null };
  create_product: { request: NewProduct; response: Product };
  update_product: { request: ProductUpdate; response: Product };
  adjust_stock: { request: StockAdjustment; response: StockAdjusted };
  stock_movements: { request: MovementsRequest; response: Array<StockMovement> };
  low_stock: { request: LowStockRequest; response: Array<Product> };
  audit_log: { request: AuditRequest; response: Array<AuditEvent> };
  counter_settings: { request: Empty; response: CounterSettings };
  update_counter_settings: { request: CounterSettings; response: CounterSettings };
  shop_settings: { request: Empty; response: ShopSettings };
  update_shop_settings: { request: ShopSettings; response: ShopSettings };
  shop_logo: { request: Empty; response: ShopLogo };
  set_shop_logo: { request: ShopLogo; response: ShopSettings };
  current_shift: { request: Empty; response: Shift | null };
  open_shift: { request: OpenShift; response: Shift };
  cash_movement: { request: CashMovement; response: ShiftTotals };
  x_report: { request: Empty; response: ShiftReport };
  close_shift: { request: CloseShift; response: ShiftReport };
  approve: { request: ApprovalRequest; response: Approval };
  quote: { request: QuoteRequest; response: CartQuote };
  qris_start: { request: QrisStart; response: QrisView };
  qris_status: { request: QrisRef; response: QrisView };
  qris_cancel: { request: QrisRef; response: QrisView };
  publish_display: { request: DisplayState; response: Empty };
  display_pass: { request: Empty; response: DisplayPass };
  display_state: { request: Empty; response: DisplayState };
  checkout: { request: CheckoutRequest; response: CheckoutResult };
  reprint_receipt: { request: ReprintRequest; response: PrintOutcome };
  receipt_pdf: { request: ReprintRequest; response: ReceiptPdf };
  test_print: { request: Empty; response: PrintOutcome };
  sale_by_receipt: { request: ReceiptLookup; response: Sale };
  create_return: { request: ReturnRequest; response: ReturnResult };
  create_customer: { request: NewCustomer; response: Customer };
  search_customers: { request: CustomerSearch; response: Array<Customer> };
  park_sale: { request: ParkRequest; response: ParkedSale };
  parked_sales: { request: Empty; response: Array<ParkedSale> };
  resume_sale: { request: ParkedId; response: ParkedSale };
  void_sale: { request: VoidRequest; response: Empty };
  sync_info: { request: Empty; response: SyncInfo };
  sync_now: { request: Empty; response: SyncInfo };
  link_store: { request: LinkStoreRequest; response: SyncInfo };
  join_store: { request: JoinStoreRequest; response: SyncInfo };
  create_enrolment_code: { request: EnrolmentCodeRequest; response: EnrolmentCode };
  list_devices: { request: ServerAccount; response: Array<DeviceInfo> };
  revoke_device: { request: RevokeRequest; response: Empty };
  trust_device: { request: TrustRequest; response: Empty };
  sync_review: { request: ReviewRequest; response: Array<ReviewItem> };
  resolve_review: { request: ResolveRequest; response: Empty };
  send_chat_message: { request: SendChatRequest; response: ChatMessage };
  chat_messages: { request: ChatListRequest; response: Array<ChatMessage> };
  chat_inbox: { request: Empty; response: Array<ChatConversation> };
  chat_search: { request: ChatSearch; response: Array<ChatConversation> };
  chat_unread: { request: Empty; response: ChatUnread };
  resolve_chat: { request: ChatResolveRequest; response: Empty };
  assign_chat: { request: ChatAssignRequest; response: ChatMessage };
  chat_staff: { request: Empty; response: Array<ChatStaff> };
  chat_typing: { request: ChatTyping; response: Empty };
  chat_presence: { request: Empty; response: Array<ChatTerminal> };
  chat_quick_replies: { request: Empty; response: QuickReplies };
  booking_setup: { request: Empty; response: BookingSetup };
  save_booking_resource: { request: SaveBookingResource; response: SavedResource };
  save_booking_service: { request: SaveBookingService; response: SavedService };
  bookings_between: { request: BookingRange; response: Array<Booking> };
  desk_slots: { request: SlotQuery; response: Array<Slot> };
  book_at_desk: { request: DeskBooking; response: Booking };
  move_booking: { request: BookingMove; response: Booking };
  add_portfolio_item: { request: AddPortfolioItem; response: SavedService };
  remove_portfolio_item: { request: RemovePortfolioItem; response: SavedService };
  repair_step: { request: RepairStep; response: Booking };
  use_repair_part: { request: RepairPart; response: Booking };
  repair_ticket_pdf: { request: BookingRef; response: ReceiptPdf };
  update_chat_quick_replies: { request: QuickReplies; response: QuickReplies };
  courier_services: { request: Empty; response: Array<CourierService> };
  shipping_quote: { request: ShippingQuoteRequest; response: ShippingQuote };
  delivery_quote: { request: DeliveryQuoteRequest; response: ShippingQuote };
  import_products_preview: { request: ImportFile; response: ImportPreview };
  import_products_apply: { request: ImportFile; response: ImportApplied };
  import_progress: { request: Empty; response: Progress };
  export_catalogue: { request: CatalogueExportRequest; response: CatalogueFile };
  open_stock_count: { request: OpenCount; response: StockCount };
  stock_counts: { request: Empty; response: Array<StockCount> };
  count_scan: { request: CountScan; response: CountedProduct };
  count_variance: { request: VarianceRequest; response: Variance };
  post_stock_count: { request: PostCount; response: CountPosted };
  cancel_stock_count: { request: CountId; response: StockCount };
  save_purchase_order: { request: PoDraft; response: PoView };
  send_purchase_order: { request: PoRef; response: PoView };
  cancel_purchase_order: { request: PoRef; response: PoView };
  purchase_orders: { request: PoListRequest; response: Array<PoSummary> };
  purchase_order: { request: PoRef; response: PoView };
  purchase_order_receipts: { request: PoRef; response: Array<ReceiptSummary> };
  purchase_order_pdf: { request: PoRef; response: ReceiptPdf };
  purchase_order_csv: { request: PoRef; response: CsvFile };
  reorder_suggestions: { request: SupplierRef; response: Array<ReorderLine> };
  receive_scan: { request: ReceiveScan; response: Receiving };
  receiving: { request: PoRef; response: Receiving };
  discard_receiving: { request: PoRef; response: Receiving };
  post_receipt: { request: PostReceipt; response: ReceiptPosted };
  return_to_supplier: { request: SupplierReturnInput; response: SupplierReturn };
  supplier_returns: { request: Empty; response: Array<SupplierReturnSummary> };
  add_product_photo: { request: AddPhoto; response: ProductPhotos };
  order_product_photos: { request: PhotoOrder; response: ProductPhotos };
  remove_product_photo: { request: PhotoRef; response: ProductPhotos };
  product_photos: { request: ProductId; response: ProductPhotos };
  photo_blobs: { request: BlobRefs; response: Array<BlobData> };
  product_thumbs: { request: ProductIds; response: Array<ProductThumb> };
  preview_price_change: { request: PriceChangeRequest; response: PricePreview };
  apply_price_change: { request: ApplyPriceChange; response: PricesChanged };
  shelf_label_queue: { request: Empty; response: ShelfLabelQueue };
  shelf_labels_printed: { request: ProductIds; response: ShelfLabelQueue };
  list_orders: { request: OrderFilter; response: Array<Order> };
  get_order: { request: OrderId; response: Order };
  create_delivery_order: { request: NewDeliveryOrder; response: Order };
  transition_order: { request: TransitionRequest; response: Order };
  split_order: { request: OrderId; response: Array<Order> };
  pack_scan: { request: PackScan; response: PackResult };
  set_packed_weight: { request: PackedWeight; response: Order };
  set_tracking: { request: TrackingRequest; response: Order };
  pick_list: { request: OrderIds; response: PickList };
  label_preview: { request: OrderId; response: LabelPreview };
  label_printer: { request: Empty; response: LabelPrinter };
  update_label_printer: { request: LabelPrinter; response: LabelPrinter };
  start_label_job: { request: OrderIds; response: LabelJob };
  label_job_step: { request: LabelJobId; response: LabelJob };
  labels_pdf: { request: OrderIds; response: ReceiptPdf };
  invoice_pdf: { request: OrderId; response: ReceiptPdf };
  product_labels: { request: ProductLabelsRequest; response: ProductLabelsResult };
  packing_slip_pdf: { request: OrderId; response: ReceiptPdf };
  dashboard: { request: DashboardRequest; response: Dashboard };
  report: { request: ReportRequest; response: Report };
  export_report: { request: ExportRequest; response: ExportFile };
  export_progress: { request: Empty; response: ExportProgress };
  live_rates: { request: LiveRatesRequest; response: LiveRates };
  track_order: { request: OrderId; response: Tracking };
  update_status: { request: Empty; response: UpdateStatus };
  update_check: { request: Empty; response: UpdateStatus };
  update_install: { request: Empty; response: UpdateStatus };
  update_restart: { request: Empty; response: Empty };
}

export const COMMAND_NAMES = [
  "app_status",
  "complete_setup",
  "sign_in",
  "whoami",
  "sign_out",
  "lock_screen",
  "touch",
  "backup_settings",
  "set_backup_settings",
  "backup_progress",
  "backup_now",
  "list_backups",
  "restore_plan",
  "restore_backup",
  "export_all",
  "unlock",
  "switch_candidates",
  "switch_user",
  "change_own_password",
  "set_own_pin",
  "store_profile",
  "update_store_profile",
  "list_users",
  "create_user",
  "update_user",
  "reset_password",
  "reset_pin",
  "list_categories",
  "create_category",
  "update_category",
  "list_suppliers",
  "create_supplier",
  "update_supplier",
  "search_products",
  "get_product",
  "product_by_barcode",
  "create_product",
  "update_product",
  "adjust_stock",
  "stock_movements",
  "low_stock",
  "audit_log",
  "counter_settings",
  "update_counter_settings",
  "shop_settings",
  "update_shop_settings",
  "shop_logo",
  "set_shop_logo",
  "current_shift",
  "open_shift",
  "cash_movement",
  "x_report",
  "close_shift",
  "approve",
  "quote",
  "qris_start",
  "qris_status",
  "qris_cancel",
  "publish_display",
  "display_pass",
  "display_state",
  "checkout",
  "reprint_receipt",
  "receipt_pdf",
  "test_print",
  "sale_by_receipt",
  "create_return",
  "create_customer",
  "search_customers",
  "park_sale",
  "parked_sales",
  "resume_sale",
  "void_sale",
  "sync_info",
  "sync_now",
  "link_store",
  "join_store",
  "create_enrolment_code",
  "list_devices",
  "revoke_device",
  "trust_device",
  "sync_review",
  "resolve_review",
  "send_chat_message",
  "chat_messages",
  "chat_inbox",
  "chat_search",
  "chat_unread",
  "resolve_chat",
  "assign_chat",
  "chat_staff",
  "chat_typing",
  "chat_presence",
  "chat_quick_replies",
  "booking_setup",
  "save_booking_resource",
  "save_booking_service",
  "bookings_between",
  "desk_slots",
  "book_at_desk",
  "move_booking",
  "add_portfolio_item",
  "remove_portfolio_item",
  "repair_step",
  "use_repair_part",
  "repair_ticket_pdf",
  "update_chat_quick_replies",
  "courier_services",
  "shipping_quote",
  "delivery_quote",
  "import_products_preview",
  "import_products_apply",
  "import_progress",
  "export_catalogue",
  "open_stock_count",
  "stock_counts",
  "count_scan",
  "count_variance",
  "post_stock_count",
  "cancel_stock_count",
  "save_purchase_order",
  "send_purchase_order",
  "cancel_purchase_order",
  "purchase_orders",
  "purchase_order",
  "purchase_order_receipts",
  "purchase_order_pdf",
  "purchase_order_csv",
  "reorder_suggestions",
  "receive_scan",
  "receiving",
  "discard_receiving",
  "post_receipt",
  "return_to_supplier",
  "supplier_returns",
  "add_product_photo",
  "order_product_photos",
  "remove_product_photo",
  "product_photos",
  "photo_blobs",
  "product_thumbs",
  "preview_price_change",
  "apply_price_change",
  "shelf_label_queue",
  "shelf_labels_printed",
  "list_orders",
  "get_order",
  "create_delivery_order",
  "transition_order",
  "split_order",
  "pack_scan",
  "set_packed_weight",
  "set_tracking",
  "pick_list",
  "label_preview",
  "label_printer",
  "update_label_printer",
  "start_label_job",
  "label_job_step",
  "labels_pdf",
  "invoice_pdf",
  "product_labels",
  "packing_slip_pdf",
  "dashboard",
  "report",
  "export_report",
  "export_progress",
  "live_rates",
  "track_order",
  "update_status",
  "update_check",
  "update_install",
  "update_restart",
] as const;
