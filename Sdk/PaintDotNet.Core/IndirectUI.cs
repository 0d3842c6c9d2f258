using System;
using System.Collections.Generic;
using System.Linq;
using PaintDotNet.PropertySystem;

namespace PaintDotNet.IndirectUI
{
    public enum PropertyControlType
    {
        AngleChooser = 0, CheckBox = 1, PanAndSlider = 2, Slider = 3, IncrementButton = 4, DropDown = 5, TextBox = 6,
        RadioButton = 7, ColorWheel = 8, RollBallAndSliders = 9, FileChooser = 10, LinkLabel = 11, FolderChooser = 12, Null = 13, Label = 14,
    }

    public enum ControlInfoPropertyNames
    {
        DisplayName = 0, Description = 1, ControlType = 2, ButtonText = 3, UseExponentialScale = 4, DecimalPlaces = 5,
        SliderSmallChange = 6, SliderSmallChangeX = 7, SliderSmallChangeY = 8, SliderLargeChange = 9, SliderLargeChangeX = 10,
        SliderLargeChangeY = 11, UpDownIncrement = 12, UpDownIncrementX = 13, UpDownIncrementY = 14, StaticImageUnderlay = 15,
        Multiline = 16, ShowResetButton = 17, SliderShowTickMarks = 18, SliderShowTickMarksX = 19, SliderShowTickMarksY = 20,
        WindowTitle = 21, WindowWidthScale = 22, WindowIsSizable = 23, SliderSmallChangeZ = 24, SliderLargeChangeZ = 25,
        UpDownIncrementZ = 26, SliderShowTickMarksZ = 27, Footnote = 28, RangeWraps = 29, ControlStyle = 30, ControlColors = 31,
        WindowHelpContentType = 32, WindowHelpContent = 33, AllowAllFiles = 34, FileTypes = 35, ShowHeaderLine = 36,
        WindowShowBottomSeparatorLine = 37, ExponentialScale = 38,
    }

    public enum WindowHelpContentType
    {
        None = 0,
        PlainText = 1,
        CustomViaCallback = 2,
    }

    /// <summary>A node of an effect dialog's description: a panel, or the control for one property.</summary>
    public abstract class ControlInfo : ICloneable
    {
        private readonly List<ControlInfo> children = new();

        internal ControlInfo()
        {
            ControlProperties = new PropertyCollection(Enum.GetNames<ControlInfoPropertyNames>().Select(n => (Property)new ObjectProperty(n, null)));
        }

        public PropertyCollection ControlProperties { get; protected set; }

        public IReadOnlyList<ControlInfo> ChildControls => children;

        protected IList<ControlInfo> GetChildControlsCore() => children;

        public abstract ControlInfo Clone();
        object ICloneable.Clone() => Clone();

        public static ControlInfo CreateDefaultConfigUI(IEnumerable<Property> properties)
        {
            var panel = new PanelControlInfo();
            foreach (var property in properties)
                panel.AddChildControl(PropertyControlInfo.CreateFor(property));
            return panel;
        }

        public PropertyControlInfo? FindControlForPropertyName(object propertyName)
        {
            var name = propertyName.ToString();
            if (this is PropertyControlInfo own && own.Property.Name == name)
                return own;
            return children.Select(c => c.FindControlForPropertyName(propertyName)).FirstOrDefault(c => c is not null);
        }

        public bool SetPropertyControlType(object propertyName, PropertyControlType newControlType)
        {
            if (FindControlForPropertyName(propertyName) is not { } control || !control.ControlType.ValueChoices.Contains(newControlType))
                return false;
            control.ControlType.Value = newControlType;
            return true;
        }

        public bool SetPropertyControlValue(object propertyName, object controlPropertyName, object? propertyValue)
        {
            if (FindControlForPropertyName(propertyName) is not { } control || control.ControlProperties[controlPropertyName] is not { } setting)
                return false;
            setting.Value = propertyValue;
            return true;
        }
    }

    public sealed class PanelControlInfo : ControlInfo, ICloneable
    {
        public PanelControlInfo()
        {
        }

        public T AddChildControl<T>(T controlInfo) where T : ControlInfo
        {
            GetChildControlsCore().Add(controlInfo);
            return controlInfo;
        }

        public void RemoveChildControl(ControlInfo controlInfo) => GetChildControlsCore().Remove(controlInfo);

        public override ControlInfo Clone()
        {
            var clone = new PanelControlInfo();
            foreach (var child in ChildControls)
                clone.AddChildControl(child.Clone());
            return clone;
        }
    }

    public sealed class PropertyControlInfo : ControlInfo, ICloneable
    {
        private readonly Dictionary<object, string> valueNames = new();

        private PropertyControlInfo(Property property)
        {
            Property = property;
            var defaultType = property switch
            {
                BooleanProperty => PropertyControlType.CheckBox,
                StaticListChoiceProperty => PropertyControlType.DropDown,
                StringProperty => PropertyControlType.TextBox,
                _ => PropertyControlType.Slider,
            };
            ControlType = new StaticListChoiceProperty(nameof(ControlType), Enum.GetValues<PropertyControlType>().Cast<object>().ToArray(), (int)defaultType);
            ControlProperties[ControlInfoPropertyNames.DisplayName]!.Value = property.Name;
        }

        public Property Property { get; }
        public StaticListChoiceProperty ControlType { get; }

        public static PropertyControlInfo CreateFor(Property property) => new(property);

        public string GetValueDisplayName(object value) => valueNames.TryGetValue(value, out var name) ? name : value.ToString() ?? "";

        public void SetValueDisplayName(object value, string displayName) => valueNames[value] = displayName;

        public override ControlInfo Clone()
        {
            var clone = new PropertyControlInfo(Property);
            clone.ControlType.Value = ControlType.Value;
            clone.ControlProperties.CopyCompatibleValuesFrom(ControlProperties);
            foreach (var (value, name) in valueNames)
                clone.valueNames[value] = name;
            return clone;
        }
    }
}
